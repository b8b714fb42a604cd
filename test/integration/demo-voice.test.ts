import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { startDemo } from "../../src/app/demo.ts";
import { signRetellBody } from "../../src/retell/signature.ts";
import { cli } from "../support/cli.ts";

describe("the demo answers the phone", () => {
  it("books 'Haarschnitt morgen um 14 Uhr' once, on the staff member mapped to the host Cal.com chose", async () => {
    // Tuesday 2 March 2027, 08:00 in Berlin, for the server and the simulator alike.
    const now = new Date("2027-03-02T07:00:00.000Z");
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-voice-"));
    const env = {
      DATABASE_URL: `sqlite:${join(dir, "frontdesk.db")}`,
      RETELL_API_KEY: "key_demo_voice",
      LOG_LEVEL: "silent",
    };
    const demo = await startDemo(loadConfig(env), {
      port: 0,
      // The voice flow itself at zero latency; demo-realistic.test.ts takes Cal.com's real pace.
      simulator: { now: () => now, latency: "zero" },
      container: { clock: { now: () => now } },
    });
    try {
      const book = async () => {
        const body = JSON.stringify({
          name: "book_appointment",
          call: {
            call_id: "call_demo_1",
            agent_id: "agent_demo",
            to_number: "+493012345670",
            from_number: "+4915112345678",
          },
          args: {
            service: "Haarschnitt",
            start: "morgen um 14 Uhr",
            customer_name: "Maria Muster",
          },
        });
        const res = await fetch(`${demo.server.url}/webhooks/retell/functions`, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "x-retell-signature": signRetellBody(body, "key_demo_voice", now.getTime()),
          },
        });
        expect(res.status).toBe(200);
        return (await res.json()) as {
          ok: boolean;
          message: string;
          data: { appointment_id: string; staff_name: string; start: string };
        };
      };

      const first = await book();
      expect(first.ok).toBe(true);
      expect(first.data.start).toBe("2027-03-03T14:00:00+01:00");
      const again = await book();
      expect(again.data.appointment_id).toBe(first.data.appointment_id);
      await demo.simulator.flushWebhooks();
      const bookings = demo.simulator.bookings();
      expect(bookings).toHaveLength(1);
      expect(bookings[0]!.start).toBe("2027-03-03T13:00:00.000Z");

      const cliEnv = { DATABASE_URL: env.DATABASE_URL, FRONTDESK_DATA_DIR: dir };
      const appointments = JSON.parse(
        (await cli(["appointments", "list", "--company", "salon-beispiel", "--json"], cliEnv))
          .stdout,
      ).appointments as {
        id: string;
        calcomUserId: number;
        staffName: string | null;
        source: string;
        uid: string;
      }[];
      expect(appointments).toHaveLength(1);
      const [appointment] = appointments;
      expect(appointment).toMatchObject({
        id: first.data.appointment_id,
        calcomUserId: bookings[0]!.hostUserId,
        source: "voice",
        uid: bookings[0]!.uid,
      });
      const mappings = JSON.parse(
        (await cli(["mappings", "list", "--company", "salon-beispiel", "--json"], cliEnv)).stdout,
      ).mappings as { calcomUserId: number; status: string; staff: { name: string } | null }[];
      const host = mappings.find((m) => m.calcomUserId === bookings[0]!.hostUserId)!;
      // Round robin is deterministic in the simulator: the first free host of highest priority.
      expect(host.status).toBe("active");
      expect(appointment!.staffName).toBe(host.staff!.name);
      expect(first.data.staff_name).toBe(host.staff!.name);
    } finally {
      await demo.close();
    }
  });
});
