import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { consoleWithWebhooks, retellTestKey } from "../support/console-http.ts";
import { testEngines } from "../support/database.ts";

const salonNumber = "+493012345670";
const caller = "+4915112345678";
const agent = "agent_salon";

/**
 * What a call did, recorded where it happened: find_appointments notes "found", cancel_appointment
 * "cancelled", call_analyzed the sentiment; the calls list and detail show and filter them.
 */
describe.each(testEngines())("call outcomes on %s", (engine) => {
  let h: ConsoleHarness;
  let http: Hono;
  let retell: ReturnType<typeof consoleWithWebhooks>["retell"];
  let owner: ConsoleClient;
  let base: string;
  let queries = 0;
  let counting = false;

  const fn = async (callId: string, name: string, args: Record<string, string>) => {
    const res = await retell("/webhooks/retell/functions", {
      name,
      call: { call_id: callId, agent_id: agent, to_number: salonNumber, from_number: caller },
      args,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { ok: boolean; message: string; data: Record<string, unknown> };
  };
  const event = async (event: string, callId: string, extra: Record<string, unknown> = {}) => {
    const res = await retell("/webhooks/retell/events", {
      event,
      call: {
        call_id: callId,
        agent_id: agent,
        to_number: salonNumber,
        from_number: caller,
        direction: "inbound",
        ...extra,
      },
    });
    expect(res.status).toBe(204);
  };

  beforeAll(async () => {
    h = await buildConsole(engine, {
      onQuery: () => {
        if (counting) queries++;
      },
    });
    ({ http, retell } = consoleWithWebhooks(h, retellTestKey));
    // Call A books; B looks the appointment up; C cancels it; D only asks (nothing found).
    await event("call_started", "call_a");
    const check = await fn("call_a", "check_availability", {
      service: "Haarschnitt",
      date: "übermorgen",
      time: "10 Uhr",
    });
    const slots = check.data.slots as { start: string }[];
    const booked = await fn("call_a", "book_appointment", {
      service: "Haarschnitt",
      start: slots[0]!.start,
      customer_name: "Erika Mustermann",
    });
    expect(booked.data.booked).toBe(true);
    // B's function call comes before any call event: the note creates the call row.
    const found = await fn("call_b", "find_appointments", {});
    expect((found.data.appointments as unknown[]).length).toBe(1);
    await event("call_analyzed", "call_b", {
      call_status: "ended",
      call_analysis: {
        call_summary: "Caller asked when the appointment is.",
        user_sentiment: "Negative",
        call_successful: true,
      },
    });
    await event("call_started", "call_c");
    const listed = await fn("call_c", "find_appointments", {});
    const [appointment] = listed.data.appointments as { appointment_id: string }[];
    const cancelled = await fn("call_c", "cancel_appointment", {
      appointment_id: appointment!.appointment_id,
      customer_name: "Erika Mustermann",
    });
    expect(cancelled.data.cancelled).toBe(true);
    await event("call_analyzed", "call_c", {
      call_status: "ended",
      call_analysis: { user_sentiment: "Positive", call_successful: true },
    });
    // D's look-up finds nothing now (cancelled): not "found".
    await event("call_started", "call_d");
    await fn("call_d", "find_appointments", {});
    // Another company's caller looks up appointments: nothing of it shows at the salon.
    await retell("/webhooks/retell/functions", {
      name: "find_appointments",
      call: { call_id: "call_b", agent_id: "x", to_number: "+442079460018", from_number: caller },
      args: {},
    });

    owner = consoleClient(http);
    await owner.login(logins.salon, consolePassword);
    base = `/admin/companies/${h.salon.id}`;
  });
  afterAll(() => h.close());

  it("stores found, cancelled and the sentiment on the calls, once each", async () => {
    const b = await h.store.calls.find(h.salon.id, "call_b");
    expect(b).toMatchObject({
      status: "ended",
      sentiment: "Negative",
      summary: "Caller asked when the appointment is.",
      cancelledAt: null,
    });
    expect(b!.foundAt).not.toBeNull();
    const c = await h.store.calls.find(h.salon.id, "call_c");
    expect(c!.foundAt).not.toBeNull();
    expect(c!.cancelledAt).not.toBeNull();
    expect(c!.sentiment).toBe("Positive");
    const d = await h.store.calls.find(h.salon.id, "call_d");
    expect(d).toMatchObject({ foundAt: null, cancelledAt: null });
    expect(await h.store.calls.find(h.bright.id, "call_b")).toBeNull();
  });

  it("shows the outcomes and sentiments in the list, in both languages", async () => {
    const de = await owner.page(`${base}/calls`);
    expect(de.status).toBe(200);
    for (const word of ["Termine nachgeschaut", "Storniert", "Gebucht", "Negativ", "Positiv"])
      expect(de.html).toContain(word);
    expect(de.html).toContain("Stimmung der Anrufer:in");
    const en = await owner.page(`${base}/calls`, { "accept-language": "en" });
    for (const word of ["Appointments looked up", "Cancelled", "Booked", "Negative", "Positive"])
      expect(en.html).toContain(word);
  });

  it("filters by outcome, with the same number of queries", async () => {
    const rows = (html: string) =>
      [...html.matchAll(/href="[^"]*\/calls\/(call_[a-z])"/g)].map((m) => m[1]);
    const pick = async (outcome: string) => {
      queries = 0;
      counting = true;
      const page = await owner.page(`${base}/calls?outcome=${outcome}`);
      counting = false;
      return { ids: rows(page.html), queries, html: page.html };
    };
    const all = await pick("");
    expect(new Set(all.ids)).toEqual(new Set(["call_a", "call_b", "call_c", "call_d"]));
    const found = await pick("found");
    expect(found.ids).toEqual(["call_b"]);
    expect(found.queries).toBe(all.queries);
    expect((await pick("cancelled")).ids).toEqual(["call_c"]);
    expect((await pick("booked")).ids).toEqual(["call_a"]);
    // A's booking outranks its running call.
    expect((await pick("ongoing")).ids).toEqual(["call_d"]);
    const resolved = await pick("resolved");
    expect(resolved.ids).toEqual([]);
    expect(resolved.html).toContain("Keine Anrufe mit diesem Ergebnis.");
    expect((await owner.page(`${base}/calls?outcome=evil`)).status).toBe(404);
  });

  it("shows outcome, sentiment and when it found and cancelled on the call's page", async () => {
    const c = await owner.page(`${base}/calls/call_c`);
    expect(c.html).toContain("Storniert");
    expect(c.html).toContain("Termine gefunden");
    expect(c.html).toContain("Termin storniert");
    expect(c.html).toContain("Positiv");
    const b = await owner.page(`${base}/calls/call_b`, { "accept-language": "en" });
    expect(b.html).toContain("Appointments looked up");
    expect(b.html).toContain("Appointments found");
    expect(b.html).toContain("Caller asked when the appointment is.");
    expect(b.html).toContain("Negative");
  });

  it("answers 404 for another company's filtered list and calls", async () => {
    const bright = `/admin/companies/${h.bright.id}`;
    expect((await owner.page(`${bright}/calls?outcome=found`)).status).toBe(404);
    expect((await owner.page(`${bright}/calls/call_b`)).status).toBe(404);
  });
});
