import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { startDemo } from "../../src/app/demo.ts";
import { signRetellBody } from "../../src/retell/signature.ts";

const retellKey = "key_demo_chosen_stylist";
/** Anna Schmidt's Cal.com user in the demo salon's team. */
const anna = 502;

interface Reply {
  ok: boolean;
  message: string;
  data: {
    available?: boolean;
    booked?: boolean;
    slots?: { start: string; label: string }[];
    staff_name?: string | null;
    staff_guaranteed?: boolean;
    appointment_id?: string;
  };
}

/**
 * The whole demo (server, built-in Cal.com, seeded salon) as a caller asking for Anna meets it:
 * only Anna's free times are offered, the time the caller picked is hidden from Cal.com's booking
 * page while they give their name, and the booking lands on Anna's host, once.
 */
describe("a caller asks the demo salon for Anna", () => {
  it("gets only Anna's times, holds the chosen one while the caller talks, and books Anna", async () => {
    // Tuesday 2 March 2027, 08:00 in Berlin, for the server and the simulator alike.
    const now = new Date("2027-03-02T07:00:00.000Z");
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-stylist-"));
    const demo = await startDemo(
      loadConfig({
        DATABASE_URL: `sqlite:${join(dir, "frontdesk.db")}`,
        FRONTDESK_DATA_DIR: dir,
        RETELL_API_KEY: retellKey,
        LOG_LEVEL: "silent",
      }),
      {
        port: 0,
        simulatorPort: 0,
        simulator: { now: () => now, latency: "zero" },
        container: { clock: { now: () => now } },
      },
    );
    const sim = demo.simulator.url;
    const call = {
      call_id: "call_demo_anna",
      agent_id: "agent_demo",
      to_number: "+493012345670",
      from_number: "+4915112345678",
    };
    const signed = async (path: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const res = await fetch(`${demo.server.url}${path}`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-retell-signature": signRetellBody(body, retellKey, now.getTime()),
        },
      });
      expect(res.status).toBeLessThan(300);
      return res.status === 204 ? null : ((await res.json()) as unknown);
    };
    const fn = async (name: string, args: Record<string, string>) =>
      (await signed("/webhooks/retell/functions", { name, call, args })) as Reply;
    /** What Cal.com's public booking page offers for Haarschnitt tomorrow (no key, as a web booker). */
    const bookingPage = async () => {
      const res = await fetch(
        `${sim}/v2/slots?eventTypeId=2001&start=2027-03-03&end=2027-03-03&timeZone=Europe/Berlin`,
        { headers: { "cal-api-version": "2024-09-04" } },
      );
      const days = ((await res.json()) as { data: Record<string, { start: string }[]> }).data;
      return Object.values(days)
        .flat()
        .map((s) => new Date(s.start).toISOString());
    };
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i += 1)
        await new Promise((r) => setTimeout(r, 20));
      expect(await check()).toBe(true);
    };
    try {
      // Someone books Anna at 10:00 tomorrow on the web; her colleagues are still free then.
      const web = await fetch(`${sim}/v2/bookings`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "cal-api-version": "2024-08-13",
          authorization: "Bearer cal_test_salon_beispiel",
        },
        body: JSON.stringify({
          eventTypeId: 2001,
          start: "2027-03-03T09:00:00.000Z",
          attendee: { name: "Web Kundin", email: "web@example.de", timeZone: "Europe/Berlin" },
          rrHostSubsetIds: [anna],
        }),
      });
      expect(web.status).toBe(201);
      expect(await bookingPage()).toContain("2027-03-03T09:00:00.000Z");

      await signed("/webhooks/retell/inbound", {
        event: "call_inbound",
        call_inbound: {
          call_id: call.call_id,
          from_number: call.from_number,
          to_number: call.to_number,
        },
      });
      const team = await fn("check_availability", {
        service: "Haarschnitt",
        date: "morgen",
        time: "10 Uhr",
      });
      expect(team.data.available).toBe(true);

      const atTen = await fn("check_availability", {
        service: "Haarschnitt",
        date: "morgen",
        time: "10 Uhr",
        staff: "Anna",
      });
      expect(atTen.data).toMatchObject({
        available: false,
        staff_name: "Anna Schmidt",
        staff_guaranteed: true,
      });
      expect(atTen.data.slots?.map((s) => s.start)).not.toContain("2027-03-03T10:00:00+01:00");

      // 11:00 is free for Anna: offered, and held while the caller gives their name.
      expect(await bookingPage()).toContain("2027-03-03T10:00:00.000Z");
      const atEleven = await fn("check_availability", {
        service: "Haarschnitt",
        date: "morgen",
        time: "11 Uhr",
        staff: "Anna",
      });
      expect(atEleven.data).toMatchObject({ available: true, staff_guaranteed: true });
      await until(async () => !(await bookingPage()).includes("2027-03-03T10:00:00.000Z"));

      const booked = await fn("book_appointment", {
        service: "Haarschnitt",
        start: "2027-03-03T11:00:00+01:00",
        customer_name: "Maria Muster",
        staff: "Anna",
      });
      expect(booked.ok).toBe(true);
      expect(booked.data).toMatchObject({
        booked: true,
        staff_name: "Anna Schmidt",
        staff_guaranteed: true,
      });
      // Released on booking: the page offers 11:00 again (Anna's colleagues are free then).
      await until(async () => (await bookingPage()).includes("2027-03-03T10:00:00.000Z"));

      await demo.simulator.flushWebhooks();
      const atElevenBookings = demo.simulator
        .bookings()
        .filter((b) => b.start === "2027-03-03T10:00:00.000Z" && b.status !== "cancelled");
      expect(atElevenBookings).toHaveLength(1);
      expect(atElevenBookings[0]!.hostUserId).toBe(anna);
    } finally {
      await demo.close();
    }
  });
});
