import type { Hono } from "hono";
import type { TenantContext } from "../../domain/entities.ts";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  paths,
  tenantOf,
  type Ui,
} from "../context.ts";
import { HostsPanel, type PanelMessage, ServicePage } from "../pages/service.tsx";
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

async function renderServicePage(
  c: ConsoleContext,
  deps: ConsoleAppDeps,
  serviceId: string,
  extra: {
    saved?: boolean;
    error?: unknown;
    submitted?: { name: string; durationMinutes: number };
  } = {},
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
      service={extra.submitted ?? hosts.service}
      formMessage={
        extra.saved
          ? { notice: ui.t.common.saved }
          : "error" in extra
            ? { error: extra.error }
            : undefined
      }
    />
  );
}

export function serviceRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/services", async (c) => {
    const [services, ui] = await Promise.all([
      deps.useCases.service.listServiceCoverage(tenantOf(c)),
      pageUi(c, deps),
    ]);
    return c.html(<ServicesPage ui={ui} services={services} />);
  });

  app.get("/services/:serviceId", async (c) => {
    const serviceId = c.req.param("serviceId");
    const saved = c.req.query("saved") !== undefined;
    return c.html(await renderServicePage(c, deps, serviceId, { saved }));
  });

  app.post("/services/:serviceId", async (c) => {
    const serviceId = c.req.param("serviceId");
    const form = await readForm(c);
    const eventType = form.get("eventTypeId") ?? "";
    try {
      await deps.useCases.service.updateService(tenantOf(c), {
        serviceId,
        name: form.get("name"),
        durationMinutes: form.get("durationMinutes"),
        eventTypeId: eventType === "" ? null : eventType,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const page = await renderServicePage(c, deps, serviceId, {
        error,
        submitted: {
          name: form.get("name") ?? "",
          durationMinutes: Number(form.get("durationMinutes")) || 0,
        },
      });
      return c.html(page, 422);
    }
    return c.redirect(`${paths.company(c.get("company").id).service(serviceId)}?saved`, 303);
  });
}
