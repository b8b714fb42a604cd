import type { Hono } from "hono";
import type { TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  paths,
  tenantOf,
  type Ui,
} from "../context.ts";
import {
  HostsPanel,
  type PanelMessage,
  ServiceActivePage,
  type ServiceForm,
  ServicePage,
  serviceFormOf,
} from "../pages/service.tsx";
import { ServicesPage } from "../pages/services.tsx";
import { isRefusal, pageUi } from "../render.tsx";
import { readForm } from "../security.ts";

/** The hosts panel's data: the resolver (3 queries) and the staff pickers' choices (2). */
export async function loadHostsPanel(deps: ConsoleAppDeps, ctx: TenantContext, serviceId: string) {
  const [hosts, assignable] = await Promise.all([
    deps.useCases.service.resolveServiceHosts(ctx, serviceId),
    deps.useCases.staff.listAssignableStaff(ctx),
  ]);
  return { hosts, assignable };
}

/** The services with their coverage, and the mirrored event types none of them books into. */
async function loadServices(deps: ConsoleAppDeps, ctx: TenantContext) {
  const [services, eventTypes] = await Promise.all([
    deps.useCases.service.listServiceCoverage(ctx),
    deps.useCases.sync.listTeamEventTypes(ctx),
  ]);
  const used = new Set(services.map((s) => s.service.calcomEventTypeId));
  return { services, unused: eventTypes.filter((e) => !used.has(e.eventTypeId)) };
}

export async function renderHostsPanel(
  deps: ConsoleAppDeps,
  ctx: TenantContext,
  ui: Ui,
  serviceId: string,
  message: PanelMessage,
) {
  const { hosts, assignable } = await loadHostsPanel(deps, ctx, serviceId);
  return <HostsPanel ui={ui} hosts={hosts} assignable={assignable} message={message} />;
}

/** "42,50", "42.50", "35" → cents; empty → null; anything else is refused in the user's words. */
function parsePrice(ui: Ui, raw: string): number | null {
  const text = raw.trim();
  if (text === "") return null;
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) {
    throw new ValidationError(ui.t.service.priceInvalid);
  }
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

type ServiceNotice = "saved" | "created" | "deactivated" | "reactivated";
const notices: ServiceNotice[] = ["saved", "created", "deactivated", "reactivated"];

async function renderServicePage(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  serviceId: string,
  extra: { notice?: ServiceNotice; error?: unknown; submitted?: ServiceForm } = {},
) {
  const ctx = tenantOf(c);
  const [{ hosts, assignable }, eventTypes, ui] = await Promise.all([
    loadHostsPanel(deps, ctx, serviceId),
    deps.useCases.sync.listTeamEventTypes(ctx),
    pageUi(c, deps),
  ]);
  return (
    <ServicePage
      ui={ui}
      hosts={hosts}
      assignable={assignable}
      eventTypes={eventTypes}
      active={hosts.serviceRecord.active}
      form={extra.submitted ?? serviceFormOf(ui, hosts.serviceRecord)}
      formMessage={
        extra.notice
          ? {
              notice: extra.notice === "saved" ? ui.t.common.saved : ui.t.service[extra.notice],
            }
          : "error" in extra
            ? { error: extra.error }
            : undefined
      }
    />
  );
}

export function serviceRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/services", async (c) => {
    const [{ services, unused }, ui] = await Promise.all([
      loadServices(deps, tenantOf(c)),
      pageUi(c, deps),
    ]);
    return c.html(<ServicesPage ui={ui} services={services} unused={unused} />);
  });

  // "Create service" for an event type no service uses: its title, length and link.
  app.post("/services", async (c) => {
    const form = await readForm(c);
    const raw = form.get("eventTypeId") ?? "";
    // Not a number is not one of the company's event types either.
    const eventTypeId = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
    try {
      const service = await deps.useCases.service.createServiceFromEventType(
        tenantOf(c),
        eventTypeId,
      );
      return c.redirect(`${paths.company(c.get("company").id).service(service.id)}?created`, 303);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const [{ services, unused }, ui] = await Promise.all([
        loadServices(deps, tenantOf(c)),
        pageUi(c, deps),
      ]);
      return c.html(
        <ServicesPage ui={ui} services={services} unused={unused} error={error} />,
        error.code === "conflict" ? 409 : 422,
      );
    }
  });

  app.get("/services/:serviceId", async (c) => {
    const serviceId = c.req.param("serviceId");
    const notice = notices.find((n) => c.req.query(n) !== undefined);
    return c.html(await renderServicePage(c, deps, serviceId, { notice }));
  });

  app.post("/services/:serviceId", async (c) => {
    const serviceId = c.req.param("serviceId");
    const form = await readForm(c);
    const eventType = form.get("eventTypeId") ?? "";
    const submitted: ServiceForm = {
      name: form.get("name") ?? "",
      durationMinutes: form.get("durationMinutes") ?? "",
      price: form.get("price") ?? "",
      eventTypeId: /^\d{1,12}$/.test(eventType) ? Number(eventType) : null,
    };
    try {
      const ui = await pageUi(c, deps);
      await deps.useCases.service.updateService(tenantOf(c), {
        serviceId,
        name: submitted.name,
        durationMinutes: submitted.durationMinutes,
        priceCents: parsePrice(ui, submitted.price),
        eventTypeId: eventType === "" ? null : eventType,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const page = await renderServicePage(c, deps, serviceId, { error, submitted });
      return c.html(page, 422);
    }
    return c.redirect(`${paths.company(c.get("company").id).service(serviceId)}?saved`, 303);
  });

  app.get("/services/:serviceId/active", async (c) => {
    const [service, ui] = await Promise.all([
      deps.useCases.service.getService(tenantOf(c), c.req.param("serviceId")),
      pageUi(c, deps),
    ]);
    return c.html(<ServiceActivePage ui={ui} service={service} />);
  });

  app.post("/services/:serviceId/active", async (c) => {
    const form = await readForm(c);
    const value = form.get("active");
    // The state asked for, not a toggle: a second submit of the same form changes nothing.
    if (value !== "true" && value !== "false")
      return c.text("Bad request: active must be true or false.", 400);
    const saved = await deps.useCases.service.updateService(tenantOf(c), {
      serviceId: c.req.param("serviceId"),
      active: value === "true",
    });
    const notice = saved.active ? "reactivated" : "deactivated";
    return c.redirect(`${paths.company(c.get("company").id).service(saved.id)}?${notice}`, 303);
  });
}
