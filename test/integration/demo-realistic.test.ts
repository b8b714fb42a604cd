import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import Retell from "retell-sdk";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { startDemo } from "../../src/app/demo.ts";
import { cli } from "../support/cli.ts";

const apiKey = "key_demo_realistic";
const call = {
  call_id: "call_realistic_1",
  agent_id: "agent_demo",
  to_number: "+493012345670",
  from_number: "+4915112345670",
};

/**
 * The demo as `npm start` runs it, with the simulator at Cal.com's real pace (slots ~0.6 s,
 * bookings ~1.2 s, seconds at the tail): the slots are fetched while the phone rings, so the
 * caller's first question costs no Cal.com request, and a booking that takes Cal.com seconds is
 * made once and reported booked.
 */
describe("the demo on Cal.com's real latency", () => {
  it("answers the first check from memory after call_inbound and books once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-realistic-"));
    const env = {
      DATABASE_URL: `sqlite:${join(dir, "frontdesk.db")}`,
      RETELL_API_KEY: apiKey,
      LOG_LEVEL: "silent",
    };
    const demo = await startDemo(loadConfig(env), { port: 0, simulator: { latency: "realistic" } });
    const post = async (path: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const res = await fetch(`${demo.server.url}${path}`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-retell-signature": await Retell.sign(body, apiKey),
        },
      });
      expect(res.status).toBe(200);
      return {
        json: (await res.json()) as {
          ok: boolean;
          message: string;
          data: Record<string, unknown>;
          call_inbound?: { dynamic_variables: Record<string, string> };
        },
        timing: res.headers.get("server-timing") ?? "",
      };
    };
    const slotRequests = () => demo.simulator.requests.filter((r) => r.path === "/v2/slots");
    try {
      const inbound = await post("/webhooks/retell/inbound", {
        event: "call_inbound",
        call_inbound: {
          agent_id: call.agent_id,
          from_number: call.from_number,
          to_number: call.to_number,
        },
      });
      expect(inbound.json.call_inbound?.dynamic_variables.company_name).toBe("Salon Beispiel");

      // The ring: wait until every slots request the prefetch started has been answered.
      for (let waited = 0; waited < 20_000; waited += 100) {
        const asked = slotRequests();
        if (asked.length > 0 && asked.every((r) => r.status !== 0)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const prefetched = slotRequests();
      expect(prefetched.length).toBeGreaterThan(0);
      expect(prefetched.every((r) => r.status === 200)).toBe(true);

      const before = demo.simulator.requests.length;
      const check = await post("/webhooks/retell/functions", {
        name: "check_availability",
        call,
        args: { service: "Haarschnitt", date: nextWeekday() },
      });
      expect(check.json.ok).toBe(true);
      expect(check.timing).toContain('desc="Cal.com requests: 0"');
      expect(demo.simulator.requests.length).toBe(before);
      const slots = check.json.data.slots as { start: string }[];
      expect(slots.length).toBeGreaterThan(0);

      const booking = {
        name: "book_appointment",
        call,
        args: { service: "Haarschnitt", start: slots[0]!.start, customer_name: "Maria Muster" },
      };
      const booked = await post("/webhooks/retell/functions", booking);
      expect(booked.json.ok).toBe(true);
      expect(booked.json.data).toMatchObject({ booked: true, status: "accepted" });
      const again = await post("/webhooks/retell/functions", booking);
      expect(again.json.data.appointment_id).toBe(booked.json.data.appointment_id);

      await demo.simulator.flushWebhooks();
      const made = demo.simulator
        .bookings()
        .filter((b) => b.start === new Date(slots[0]!.start).toISOString());
      expect(made).toHaveLength(1);
      const listed = await cli(["appointments", "list", "--company", "salon-beispiel", "--json"], {
        DATABASE_URL: env.DATABASE_URL,
        FRONTDESK_DATA_DIR: dir,
      });
      const { appointments } = JSON.parse(listed.stdout) as {
        appointments: { id: string; uid: string; status: string }[];
      };
      expect(appointments.filter((a) => a.uid === made[0]!.uid)).toEqual([
        expect.objectContaining({ id: booked.json.data.appointment_id, status: "accepted" }),
      ]);
    } finally {
      await demo.close();
    }
  }, 60_000);
});

/**
 * The salon's next working day from tomorrow (Monday to Friday, in Berlin): a Sunday is closed,
 * and the agent then offers days after it, beyond the week the ring fetched.
 */
function nextWeekday(): string {
  let day = DateTime.now().setZone("Europe/Berlin").plus({ days: 1 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toISODate()!;
}
