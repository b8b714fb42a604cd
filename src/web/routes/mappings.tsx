import type { Hono } from "hono";
import { NotFoundError } from "../../domain/errors.ts";
import type { HostMappingStatus } from "../../domain/service-hosts.ts";
import type { BulkMappingChange } from "../../features/mappings/change-mappings-in-bulk.ts";
import type { MappingChange } from "../../features/mappings/change-one-mapping.ts";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  paths,
  safeBack,
  tenantOf,
} from "../context.ts";
import {
  BulkResult,
  type MappingsFilter,
  MappingsPage,
  statusFilters,
} from "../pages/mappings.tsx";
import { fragmentUi, isRefusal, pageUi } from "../render.tsx";
import { isHtmx, readForm } from "../security.ts";
import { renderHostsPanel } from "./services.tsx";

const verbs = ["set", "accept", "reject", "unset"] as const;

function filterOf(query: URLSearchParams): MappingsFilter {
  const status = query.get("status");
  const q = query.get("q")?.trim().slice(0, 200);
  return {
    status: (statusFilters as readonly string[]).includes(status ?? "")
      ? (status as HostMappingStatus)
      : undefined,
    q: q || undefined,
  };
}

/** Host ids from a URL or a form: positive integers, anything else is not a host of ours. */
function hostId(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError("no such host");
  return id;
}

async function renderMappingsPage(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  filter: MappingsFilter,
  back: string,
  message: { notice?: string; error?: unknown } = {},
) {
  const [review, ui] = await Promise.all([
    deps.useCases.mappings.reviewHostMappings(tenantOf(c), filter),
    pageUi(c, deps),
  ]);
  return (
    <MappingsPage
      ui={ui}
      review={review}
      filter={filter}
      back={back}
      notice={message.notice}
      error={message.error}
    />
  );
}

export function mappingRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/mappings", async (c) => {
    const url = new URL(c.req.url);
    const filter = filterOf(url.searchParams);
    const t = fragmentUi(c).t;
    // After a form post without JavaScript: what the bulk action or single change did.
    const bulk = url.searchParams.get("bulk")?.split(",").map(Number);
    const notice = bulk
      ? t.mappings.bulkDone(bulk[0] ?? 0, bulk[1] ?? 0)
      : url.searchParams.has("changed")
        ? t.mappings.changed
        : undefined;
    const back = `${url.pathname}${filterQuery(filter)}`;
    return c.html(await renderMappingsPage(c, deps, filter, back, { notice }));
  });

  app.post("/mappings/bulk", async (c) => {
    const form = await readForm(c);
    const ctx = tenantOf(c);
    const ui = fragmentUi(c);
    const links = paths.company(ctx.company.id);
    const back = safeBack(form.get("back"), ctx.company.id, links.mappings);
    const filter = filterOf(new URL(back, "http://console").searchParams);
    const selected = [...new Set(form.all("host").map(hostId))];
    const action = form.get("action");
    // "Map selected": the selected rows with a staff member chosen; the others have nothing to do.
    const withStaff = selected.filter((id) => form.get(`staff-${id}`));
    const change: BulkMappingChange =
      action === "set"
        ? {
            action,
            assignments: withStaff.map((id) => ({
              calcomUserId: id,
              staffId: form.get(`staff-${id}`)!,
            })),
          }
        : { action: action === "reject" ? "reject" : "accept", calcomUserIds: selected };
    let notice: string | undefined;
    let error: unknown;
    try {
      const result = await deps.useCases.mappings.changeHostMappingsInBulk(ctx, change);
      const skipped =
        result.skipped.length + (action === "set" ? selected.length - withStaff.length : 0);
      if (!isHtmx(c)) {
        const query = `bulk=${result.changed.length},${skipped}`;
        return c.redirect(`${back}${back.includes("?") ? "&" : "?"}${query}`, 303);
      }
      notice = ui.t.mappings.bulkDone(result.changed.length, skipped);
    } catch (e) {
      if (!isRefusal(e)) throw e;
      if (!isHtmx(c))
        return c.html(await renderMappingsPage(c, deps, filter, back, { error: e }), 422);
      error = e;
    }
    // Only the selected rows come back (swapped out of band), with the new counts.
    const review = await deps.useCases.mappings.reviewHostMappings(ctx, {
      calcomUserIds: error === undefined ? selected : [],
    });
    return c.html(
      <BulkResult
        ui={ui}
        review={review}
        filter={filter}
        back={back}
        notice={notice}
        error={error}
      />,
    );
  });

  app.post("/mappings/:calcomUserId/:verb", async (c) => {
    const verb = verbs.find((v) => v === c.req.param("verb"));
    if (!verb) throw new NotFoundError("no such action");
    const calcomUserId = hostId(c.req.param("calcomUserId"));
    const form = await readForm(c);
    const ctx = tenantOf(c);
    const ui = fragmentUi(c);
    const links = paths.company(ctx.company.id);
    const serviceId = form.get("service");
    const change: MappingChange =
      verb === "set"
        ? { verb, calcomUserId, staffId: form.get("staffId") ?? "" }
        : { verb, calcomUserId };
    let message: { notice?: string; error?: unknown };
    try {
      await deps.useCases.mappings.changeHostMapping(ctx, change);
      message = { notice: ui.t.mappings.changed };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      message = { error };
    }

    if (serviceId !== undefined) {
      if (isHtmx(c)) return c.html(await renderHostsPanel(deps, ctx, ui, serviceId, message));
      if (message.error === undefined) return c.redirect(links.service(serviceId), 303);
    }
    const back = safeBack(form.get("back"), ctx.company.id, links.mappings);
    if (isHtmx(c)) {
      const review = await deps.useCases.mappings.reviewHostMappings(ctx, {
        calcomUserIds: [calcomUserId],
      });
      const filter = filterOf(new URL(back, "http://console").searchParams);
      return c.html(
        <BulkResult
          ui={ui}
          review={review}
          filter={filter}
          back={back}
          notice={message.notice}
          error={message.error}
        />,
      );
    }
    if (message.error === undefined)
      return c.redirect(`${back}${back.includes("?") ? "&" : "?"}changed`, 303);
    const filter = filterOf(new URL(back, "http://console").searchParams);
    return c.html(await renderMappingsPage(c, deps, filter, back, message), 422);
  });
}

function filterQuery(filter: MappingsFilter): string {
  const query = new URLSearchParams();
  if (filter.status) query.set("status", filter.status);
  if (filter.q) query.set("q", filter.q);
  const s = query.toString();
  return s ? `?${s}` : "";
}
