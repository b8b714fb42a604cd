import type { Hono } from "hono";
import type { TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { HostMappingStatus } from "../../domain/service-hosts.ts";
import type { BulkMappingChange } from "../../features/mappings/change-mappings-in-bulk.ts";
import type {
  MappingChange,
  MappingChangeResult,
} from "../../features/mappings/change-one-mapping.ts";
import { isConfirmed } from "../components.tsx";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  paths,
  safeBack,
  tenantOf,
} from "../context.ts";
import { Board, BoardCard, MappingBoardPage, StaffColumn } from "../pages/mapping-board.tsx";
import {
  BulkResult,
  type MappingsFilter,
  MappingsListFragment,
  MappingsPage,
  statusFilters,
  UnsetMappingPage,
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

async function renderBoardPage(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  message: { notice?: string; refused?: { calcomUserId: number; error: unknown } } = {},
) {
  const [review, ui] = await Promise.all([
    deps.useCases.mappings.reviewHostMappings(tenantOf(c)),
    pageUi(c, deps),
  ]);
  return <MappingBoardPage ui={ui} review={review} {...message} />;
}

/** One host's row as the mappings pages show it; a host not in the team is not found. */
async function reviewRow(deps: ConsoleAppDeps, ctx: TenantContext, calcomUserId: number) {
  const review = await deps.useCases.mappings.reviewHostMappings(ctx, {
    calcomUserIds: [calcomUserId],
  });
  const row = review.rows[0];
  if (!row) throw new NotFoundError("no such host");
  return { review, row };
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

  // The list alone, for a live page that heard the mappings change.
  app.get("/mappings/list", async (c) => {
    const url = new URL(c.req.url);
    const filter = filterOf(url.searchParams);
    const review = await deps.useCases.mappings.reviewHostMappings(tenantOf(c), filter);
    const back = `${paths.company(c.get("company").id).mappings}${filterQuery(filter)}`;
    return c.html(
      <MappingsListFragment ui={fragmentUi(c)} review={review} filter={filter} back={back} />,
    );
  });

  app.get("/mappings/board", async (c) => {
    const notice =
      c.req.query("changed") !== undefined ? fragmentUi(c).t.mappings.changed : undefined;
    return c.html(await renderBoardPage(c, deps, { notice }));
  });

  app.get("/mappings/board/cards", async (c) => {
    const review = await deps.useCases.mappings.reviewHostMappings(tenantOf(c));
    return c.html(<Board ui={fragmentUi(c)} review={review} />);
  });

  // Removing a mapping asks first; the page's form posts to the action below, confirmed.
  app.get("/mappings/:calcomUserId/unset", async (c) => {
    const ctx = tenantOf(c);
    const { row } = await reviewRow(deps, ctx, hostId(c.req.param("calcomUserId")));
    const links = paths.company(ctx.company.id);
    const serviceId = c.req.query("service");
    const [service, ui] = await Promise.all([
      serviceId ? deps.useCases.service.getService(ctx, serviceId) : null,
      pageUi(c, deps),
    ]);
    const back = service
      ? { href: links.service(service.id), label: service.name }
      : {
          href: safeBack(c.req.query("back"), ctx.company.id, links.mappings),
          label: ui.t.mappings.title,
        };
    if (row.status !== "active") return c.redirect(back.href, 303);
    return c.html(<UnsetMappingPage ui={ui} row={row} back={back} serviceId={service?.id} />);
  });

  // The service page's hosts panel alone, for when the mappings change while it is open. Here
  // and not with the service routes: every mapping action already answers with this panel.
  app.get("/services/:serviceId/hosts", async (c) =>
    c.html(await renderHostsPanel(deps, tenantOf(c), fragmentUi(c), c.req.param("serviceId"), {})),
  );

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
    if (verb === "unset" && !isConfirmed(form)) {
      // Not asked yet (a form from before removing asked first): ask now, about a host of ours.
      await reviewRow(deps, ctx, calcomUserId);
      const query = new URLSearchParams(
        serviceId ? { service: serviceId } : { back: form.get("back") ?? links.mappings },
      );
      const ask = `${links.mappingAction(calcomUserId, "unset")}?${query}`;
      if (!isHtmx(c)) return c.redirect(ask, 303);
      c.header("HX-Redirect", ask);
      return c.body(null, 204);
    }
    const version = form.get("version");
    const change: MappingChange = {
      ...(verb === "set"
        ? { verb, calcomUserId, staffId: form.get("staffId") ?? "" }
        : { verb, calcomUserId }),
      // A page that showed the mapping sends its version ("": there was none).
      ...(version !== undefined ? { expectedVersion: version || null } : {}),
    };
    let message: { notice?: string; error?: unknown };
    let result: MappingChangeResult | undefined;
    try {
      result = await deps.useCases.mappings.changeHostMapping(ctx, change);
      message = { notice: ui.t.mappings.changed };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      message = { error };
    }

    if (form.get("view") === "board") {
      if (message.error !== undefined) {
        // In place: the card as it is now, with why it was refused.
        if (!isHtmx(c))
          return c.html(
            await renderBoardPage(c, deps, { refused: { calcomUserId, error: message.error } }),
            422,
          );
        // The staff as they are now too (the one refused may be inactive or taken meanwhile).
        const review = await deps.useCases.mappings.reviewHostMappings(ctx);
        const row = review.rows.find((r) => r.calcomUserId === calcomUserId);
        if (!row) throw new NotFoundError("no such host");
        return c.html(
          <>
            <BoardCard
              ui={ui}
              row={row}
              assignable={review.assignableStaff}
              error={message.error}
            />
            <StaffColumn ui={ui} review={review} oob />
          </>,
        );
      }
      if (!isHtmx(c)) return c.redirect(`${links.board}?changed`, 303);
      // Mapped: the host leaves the cards and shows under its staff member; the whole board.
      const review = await deps.useCases.mappings.reviewHostMappings(ctx);
      const row = review.rows.find((r) => r.calcomUserId === calcomUserId);
      c.header("HX-Retarget", "#board");
      c.header("HX-Reswap", "outerHTML");
      return c.html(
        <Board
          ui={ui}
          review={review}
          notice={
            row && result?.after?.status === "active" && row.staff
              ? ui.t.board.mapped(row.name, row.staff.name)
              : ui.t.mappings.changed
          }
        />,
      );
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
