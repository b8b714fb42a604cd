import type { Hono } from "hono";
import { type ConsoleAppDeps, type ConsoleContext, type ConsoleEnv, tenantOf } from "../context.ts";
import {
  AppointmentsPage,
  AppointmentsQueryError,
  AppointmentWeekPage,
} from "../pages/appointments.tsx";
import { appointmentsCsv } from "../pages/appointments-csv.ts";
import { fragmentUi, isRefusal, pageUi } from "../render.tsx";

export function appointmentRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  const { appointments } = deps.useCases;

  /** A query the use-case refuses (a bad date, a stale cursor) is the user's 400, never a 500. */
  async function refused(c: ConsoleContext, error: unknown) {
    if (!isRefusal(error)) throw error;
    return c.html(<AppointmentsQueryError ui={await pageUi(c, deps)} error={error} />, 400);
  }

  app.get("/appointments", async (c) => {
    const query = c.req.query();
    try {
      if (query.view === "week") {
        const [week, ui] = await Promise.all([
          appointments.appointmentWeek(tenantOf(c), query),
          pageUi(c, deps),
        ]);
        return c.html(<AppointmentWeekPage ui={ui} week={week} />);
      }
      const [page, ui] = await Promise.all([
        appointments.listAppointmentRows(tenantOf(c), query),
        pageUi(c, deps),
      ]);
      return c.html(<AppointmentsPage ui={ui} page={page} />);
    } catch (error) {
      return refused(c, error);
    }
  });

  app.get("/appointments.csv", async (c) => {
    const ui = fragmentUi(c);
    try {
      const page = await appointments.listAppointmentRows(tenantOf(c), c.req.query(), {
        export: true,
      });
      const company = c.get("company");
      const date = new Date().toISOString().slice(0, 10);
      return c.body(appointmentsCsv(ui, company, page.rows), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${ui.t.appointments.csvFile}-${company.slug}-${date}.csv"`,
        "cache-control": "no-store",
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return c.text(
        `${ui.t.appointments.invalidQuery} ${error.message}: ${error.issues.map((i) => `${i.where} ${i.message}`).join("; ")}`,
        400,
      );
    }
  });
}
