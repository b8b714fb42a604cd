import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Appointment, Staff, TenantContext } from "../../src/domain/entities.ts";
import { cli } from "../support/cli.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import { newAppointment, newHostMapping } from "../support/factories.ts";
import { testSecret } from "../support/fixtures.ts";

const hour = 3_600_000;
const at = (offsetMs: number) => {
  const start = new Date(Math.floor((Date.now() + offsetMs) / hour) * hour);
  return {
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + hour / 2).toISOString(),
  };
};

describe.each(testEngines())(
  "correcting a host mapping moves upcoming appointments on %s",
  (engine) => {
    let h: ConsoleHarness;
    let admin: ConsoleClient;
    let salon: TenantContext;
    let anna: Staff;
    let berta: Staff;
    let carla: Staff;
    let appts: Record<string, Appointment>;

    const staffOf = async (key: string) =>
      (await h.store.appointments.findById(appts[key]!.companyId, appts[key]!.id))!.staffId;
    const lastAudit = async (calcomUserId: number) =>
      (await h.store.hostMappings.listAudit(h.salon.id, { calcomUserId, limit: 1 }))[0]!;

    beforeAll(async () => {
      h = await buildConsole(engine);
      salon = { company: h.salon, actor: { type: "cli" } };
      const staff = (await h.store.staff.list(h.salon.id)).filter((s) => s.active);
      [anna, berta, carla] = staff as [Staff, Staff, Staff];
      const brightStaff = (await h.store.staff.list(h.bright.id))[0]!;
      await newHostMapping(h.store, h.salon, { calcomUserId: 501 }, anna);
      const salonAppt = (overrides: Parameters<typeof newAppointment>[2]) =>
        newAppointment(h.store, h.salon, { calcomUserId: 501, staffId: anna.id, ...overrides });
      appts = {
        past: await salonAppt(at(-2 * 24 * hour)),
        upcoming: await salonAppt(at(2 * 24 * hour)),
        pending: await salonAppt({ ...at(3 * 24 * hour), status: "pending" }),
        cancelled: await salonAppt({ ...at(4 * 24 * hour), status: "cancelled" }),
        // Another company whose Cal.com team has a user with the same id.
        otherCompany: await newAppointment(h.store, h.bright, {
          ...at(2 * 24 * hour),
          calcomUserId: 501,
          staffId: brightStaff.id,
        }),
      };
      admin = consoleClient(h.http);
      await admin.login(logins.platform, consolePassword);
      await admin.page(`/admin/companies/${h.salon.id}/mappings`);
    });
    afterAll(() => h.close());

    it("`mappings set` in the CLI moves the upcoming accepted and pending ones, not the past", async () => {
      const run = await cli(
        ["mappings", "set", "--company", h.salon.slug, "--host", "501", "--staff", berta.id],
        { DATABASE_URL: h.database.url, FRONTDESK_SECRET: testSecret },
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(await staffOf("past")).toBe(anna.id);
      expect(await staffOf("upcoming")).toBe(berta.id);
      expect(await staffOf("pending")).toBe(berta.id);
      expect(await staffOf("cancelled")).toBe(anna.id);
      expect(await staffOf("otherCompany")).not.toBe(berta.id);
      const audit = await lastAudit(501);
      expect(audit.action).toBe("set");
      expect(audit.reason).toContain("2 upcoming appointment(s) moved");
    });

    it("unsetting in the console leaves the upcoming ones without staff (not mapped)", async () => {
      const other = await staffOf("otherCompany");
      const res = await admin.post(`/admin/companies/${h.salon.id}/mappings/501/unset`, {
        confirm: "yes",
      });
      expect(res.status).toBe(303);
      expect(await staffOf("upcoming")).toBeNull();
      expect(await staffOf("pending")).toBeNull();
      expect(await staffOf("past")).toBe(anna.id);
      expect(await staffOf("otherCompany")).toBe(other);
      const audit = await lastAudit(501);
      expect(audit.action).toBe("unset");
      expect(audit.reason).toContain("2 upcoming appointment(s) moved");
    });

    it("mapping again in the console gives them the new staff member", async () => {
      const res = await admin.post(`/admin/companies/${h.salon.id}/mappings/501/set`, {
        staffId: carla.id,
      });
      expect(res.status).toBe(303);
      expect(await staffOf("upcoming")).toBe(carla.id);
      expect(await staffOf("pending")).toBe(carla.id);
      expect(await staffOf("past")).toBe(anna.id);
      expect((await lastAudit(501)).reason).toContain("2 upcoming appointment(s) moved");
    });

    it("accepting a suggestion moves them too, and the bulk path shares it", async () => {
      await h.useCases.mappings.changeHostMapping(salon, { verb: "unset", calcomUserId: 501 });
      await newHostMapping(h.store, h.salon, { calcomUserId: 501 }, anna, {
        status: "suggested",
        source: "auto_email",
        confidence: 90,
      });
      const res = await admin.post(`/admin/companies/${h.salon.id}/mappings/501/accept`);
      expect(res.status).toBe(303);
      expect(await staffOf("upcoming")).toBe(anna.id);
      expect((await lastAudit(501)).action).toBe("accepted");
      expect((await lastAudit(501)).reason).toContain("2 upcoming appointment(s) moved");

      const bulk = await h.useCases.mappings.changeHostMappingsInBulk(
        { company: h.salon, actor: { type: "cli" } },
        { action: "set", assignments: [{ calcomUserId: 501, staffId: berta.id }] },
      );
      expect(bulk.changed).toEqual([501]);
      expect(await staffOf("upcoming")).toBe(berta.id);
      expect(await staffOf("pending")).toBe(berta.id);
      expect(await staffOf("past")).toBe(anna.id);
      expect((await lastAudit(501)).reason).toContain("2 upcoming appointment(s) moved");
    });

    it("a change that moves nothing says nothing about appointments", async () => {
      const none = await h.useCases.mappings.changeHostMapping(salon, {
        verb: "set",
        calcomUserId: 502,
        staffId: anna.id,
      });
      expect(none.movedAppointments).toBe(0);
      expect((await lastAudit(502)).reason).not.toContain("moved");
    });

    it("another company's id for the host answers 404 and moves nothing", async () => {
      const before = await staffOf("otherCompany");
      const res = await admin.post(`/admin/companies/${h.bright.id}/mappings/501/unset`);
      // Bright's Cal.com team has no user 501, and salon's host is not reachable through it.
      expect(res.status).toBe(404);
      expect(await staffOf("otherCompany")).toBe(before);
      expect(await staffOf("upcoming")).toBe(berta.id);
    });
  },
);
