import type { Hono } from "hono";
import { type ConsoleAppDeps, type ConsoleEnv, tenantOf } from "../context.ts";
import { AppointmentsPage } from "../pages/appointments.tsx";
import { pageUi } from "../render.tsx";

export function appointmentRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/appointments", async (c) => {
    const [appointments, ui] = await Promise.all([
      // The recent past and everything ahead: what a front desk works with.
      deps.useCases.appointments.listAppointmentRows(tenantOf(c), {
        from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      }),
      pageUi(c, deps),
    ]);
    return c.html(<AppointmentsPage ui={ui} appointments={appointments} />);
  });
}
