import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../src/domain/ports/calls.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import { newAppointment } from "../support/factories.ts";

/** What an outsider could plant in a summary (the caller's words) or a delivery (a booking's uid). */
const script = `<script>alert("planted")</script>`;
const img = `"><img src=x onerror=alert(1)>`;

const call = (retellCallId: string, overrides: Partial<CallRecord> = {}): CallRecord => ({
  retellCallId,
  agentId: "agent_salon",
  fromNumber: "+4915112345678",
  toNumber: "+493012345678",
  direction: "inbound",
  status: "ended",
  startedAt: "2030-03-01T09:00:00.000Z",
  endedAt: "2030-03-01T09:02:05.000Z",
  durationMs: 125_000,
  summary: null,
  outcome: null,
  ...overrides,
});

const id = (n: number) => `call-${String(n).padStart(3, "0")}`;

/** The calls and deliveries pages: paging, detail, result words, escaping, queries, tenancy. */
describe.each(testEngines())("console calls and deliveries on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let base: string;
  let queries = 0;
  let counting = false;

  beforeAll(async () => {
    h = await buildConsole(engine, {
      onQuery: () => {
        if (counting) queries++;
      },
    });
    const s = h.salon.id;
    // 55 calls: one page of 50 and a second of 5. The newest five carry the cases under test.
    for (let n = 0; n < 50; n++) await h.store.calls.upsert(s, call(id(n)));
    await h.store.calls.upsert(s, call(id(50), { status: "ongoing", durationMs: null }));
    await h.store.calls.upsert(s, call(id(51), { outcome: "unsuccessful" }));
    await h.store.calls.upsert(
      s,
      call(id(52), { outcome: "successful", summary: "Caller asked for the opening hours." }),
    );
    await h.store.calls.upsert(s, call(id(53), { outcome: "successful" }));
    await h.store.calls.upsert(
      s,
      call(id(54), { outcome: "successful", summary: `Booked. ${script} ${img}` }),
    );
    const [service] = await h.store.services.list(s);
    await newAppointment(h.store, h.salon, {
      source: "voice",
      retellCallId: id(54),
      serviceId: service!.id,
    });
    await newAppointment(h.store, h.salon, {
      source: "voice",
      retellCallId: id(53),
      rescheduledFromUid: "booking-before",
    });
    await h.store.calls.upsert(h.bright.id, call("call-bright", { summary: "Bright's call" }));

    const delivery = async (
      companyId: string,
      provider: "calcom" | "retell",
      eventType: string,
      dedupeKey: string,
      outcome: string,
      error: string | null = null,
    ) => {
      const receivedAt = new Date().toISOString();
      const { id } = await h.store.inbox.record(companyId, {
        provider,
        eventType,
        dedupeKey,
        payload: JSON.stringify({ attendee: { name: "Erika Mustermann", email: "erika@x.de" } }),
        receivedAt,
      });
      await h.store.inbox.markProcessed(companyId, id, outcome, error, receivedAt);
    };
    for (let n = 0; n < 50; n++)
      await delivery(s, "calcom", "MEETING_ENDED", `MEETING_ENDED:${n}`, "ignored");
    await delivery(s, "retell", "call_analyzed", `call_analyzed:${id(54)}`, "recorded");
    await delivery(s, "calcom", "BOOKING_CREATED", `BOOKING_CREATED:${script} ${img}`, "created");
    await delivery(
      s,
      "calcom",
      "BOOKING_CREATED",
      "BOOKING_CREATED:uid-foreign#retriable:x",
      "refused_foreign_event_type",
      `event type 99 ${img}`,
    );
    await delivery(h.bright.id, "calcom", "BOOKING_CREATED", "BOOKING_CREATED:bright", "created");

    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
    base = `/admin/companies/${s}`;
  });
  afterAll(() => h.close());

  async function counted(path: string, headers: Record<string, string> = {}) {
    queries = 0;
    counting = true;
    try {
      const page = await owner.page(path, headers);
      return { ...page, queries };
    } finally {
      counting = false;
    }
  }

  const rowsOf = (html: string, table: string) =>
    html
      .slice(html.indexOf(`id="${table}"`))
      .split("</table>")[0]!
      .split("<tr").length - 2;

  describe("calls", () => {
    it("lists the newest calls first with caller, duration, result and appointments", async () => {
      const { status, html } = await owner.page(`${base}/calls`);
      expect(status).toBe(200);
      expect(html).toMatch(/href="[^"]*\/calls" aria-current="page"/);
      expect(html).toContain("Anrufe");
      expect(rowsOf(html, "calls-table")).toBe(50);
      expect(html.indexOf(id(54))).toBeLessThan(html.indexOf(id(53)));
      expect(html).not.toContain(`calls/${id(4)}"`);
      // National format for the company's own country.
      expect(html).toContain("01511 2345678");
      expect(html).not.toContain("+4915112345678");
      expect(html).toContain("125 s");
      for (const word of [
        "Gebucht",
        "Verschoben",
        "Erledigt, ohne Buchung",
        "Nichts erledigt",
        "Läuft",
      ])
        expect(html).toContain(word);
      expect(html).toContain(`href="${base}/appointments"`);
    });

    it("pages on with a cursor, and back to the newest", async () => {
      const first = await owner.page(`${base}/calls`);
      const next = /href="([^"]*\/calls\?after=[^"]+)"/.exec(first.html)?.[1];
      expect(next).toBeDefined();
      const second = await owner.page(next!.replaceAll("&amp;", "&"));
      expect(second.status).toBe(200);
      expect(rowsOf(second.html, "calls-table")).toBe(5);
      expect(second.html).toContain(`calls/${id(0)}"`);
      expect(second.html).not.toContain(`calls/${id(5)}"`);
      expect(second.html).toContain("Neueste Anrufe");
      expect(second.html).not.toContain("Ältere Anrufe");
    });

    it("shows the words in English too", async () => {
      const { html } = await owner.page(`${base}/calls`, { "accept-language": "en" });
      for (const word of [
        "Booked",
        "Rescheduled",
        "Handled, no booking",
        "Nothing done",
        "In progress",
      ])
        expect(html).toContain(word);
      expect(html).toContain("Older calls");
    });

    it("shows one call with its appointments and no transcript", async () => {
      const { status, html } = await owner.page(`${base}/calls/${id(54)}`);
      expect(status).toBe(200);
      expect(html).toContain("Anruf von 01511 2345678");
      expect(html).toContain("Gebucht");
      expect(html).toContain("Erfolgreich");
      expect(html).toContain("Nicht gespeichert (Datenschutz)");
      expect(html).toMatch(/id="call-appointments"[\s\S]*Bestätigt/);
      const en = await owner.page(`${base}/calls/${id(52)}`, { "accept-language": "en" });
      expect(en.html).toContain("Caller asked for the opening hours.");
      expect(en.html).toContain("This call made no appointment.");
      expect(en.html).toContain("Not kept (privacy)");
    });

    it("escapes what a caller planted in the summary", async () => {
      for (const path of [`${base}/calls`, `${base}/calls/${id(54)}`]) {
        const { html } = await owner.page(path);
        expect(html).not.toContain(script);
        expect(html).not.toContain("<img src=x");
        expect(html).toContain("&lt;script&gt;");
        expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      }
    });

    it("makes as many queries for a page of 50 calls as for one of 5, and few for a call", async () => {
      const full = await counted(`${base}/calls`);
      const next = /href="([^"]*\/calls\?after=[^"]+)"/.exec(full.html)![1]!;
      const short = await counted(next.replaceAll("&amp;", "&"));
      expect(full.status).toBe(200);
      expect(short.queries).toBe(full.queries);
      expect(full.queries).toBeLessThanOrEqual(8);
      const detail = await counted(`${base}/calls/${id(54)}`);
      expect(detail.queries).toBeLessThanOrEqual(8);
    });

    it("answers 404 for another company's calls, its call ids and a forged cursor", async () => {
      expect((await owner.page(`/admin/companies/${h.bright.id}/calls`)).status).toBe(404);
      expect((await owner.page(`/admin/companies/${h.bright.id}/calls/call-bright`)).status).toBe(
        404,
      );
      const foreign = await owner.page(`${base}/calls/call-bright`);
      expect(foreign.status).toBe(404);
      expect(foreign.html).not.toContain("Bright's call");
      expect((await owner.page(`${base}/calls/nope`)).status).toBe(404);
      expect((await owner.page(`${base}/calls/${"x".repeat(300)}`)).status).toBe(404);
      expect((await owner.page(`${base}/calls?after=not-a-cursor`)).status).toBe(404);
      const bright = consoleClient(h.http);
      await bright.login(logins.bright, consolePassword);
      expect((await bright.page(`${base}/calls/${id(54)}`)).status).toBe(404);
      expect((await bright.page(`/admin/companies/${h.bright.id}/calls`)).html).not.toContain(
        id(54),
      );
    });
  });

  describe("deliveries", () => {
    it("lists the newest deliveries with outcomes in words, never the payload", async () => {
      const { status, html } = await owner.page(`${base}/deliveries`);
      expect(status).toBe(200);
      expect(html).toMatch(/href="[^"]*\/deliveries" aria-current="page"/);
      expect(rowsOf(html, "deliveries-table")).toBe(50);
      expect(html).toContain("Abgewiesen: fremder Termintyp");
      expect(html).toContain("Angelegt");
      expect(html).toContain("Erfasst");
      expect(html).toContain("Ignoriert (nicht genutzt)");
      expect(html).toContain("Buchung uid-foreign");
      expect(html).not.toContain("#retriable");
      expect(html).toContain(`href="${base}/calls/${id(54)}"`);
      expect(html).not.toContain("Mustermann");
      expect(html).not.toContain("erika@x.de");
      expect(html).not.toContain("BOOKING_CREATED:bright");
      const en = await owner.page(`${base}/deliveries`, { "accept-language": "en" });
      expect(en.html).toContain("Refused: event type not ours");
      expect(en.html).toContain("Older deliveries");
    });

    it("escapes a planted booking uid, and shows no error text (ours, in English only)", async () => {
      const { html } = await owner.page(`${base}/deliveries`);
      expect(html).not.toContain(script);
      expect(html).not.toContain("<img src=x");
      expect(html).toContain("Buchung &lt;script&gt;");
      expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
      expect(html).not.toContain("event type 99");
    });

    it("filters by provider and outcome, and pages with the filter kept", async () => {
      const retell = await owner.page(`${base}/deliveries?provider=retell`);
      expect(rowsOf(retell.html, "deliveries-table")).toBe(1);
      expect(retell.html).toContain("Erfasst");
      const ignored = await owner.page(`${base}/deliveries?provider=calcom&outcome=ignored`);
      expect(rowsOf(ignored.html, "deliveries-table")).toBe(50);
      expect(ignored.html).not.toContain("Angelegt</span>");
      const none = await owner.page(`${base}/deliveries?provider=retell&outcome=created`);
      expect(none.html).toContain("Keine passenden Zustellungen.");
      const all = await owner.page(`${base}/deliveries`);
      const next = /href="([^"]*\/deliveries\?after=[^"]+)"/.exec(all.html)![1]!;
      const second = await owner.page(next.replaceAll("&amp;", "&"));
      expect(rowsOf(second.html, "deliveries-table")).toBe(3);
      const filtered = /href="([^"]*\/deliveries\?[^"]*after=[^"]+)"/.exec(ignored.html);
      expect(filtered).toBeNull();
    });

    it("makes as many queries for a full page as for a short one", async () => {
      const full = await counted(`${base}/deliveries`);
      const short = await counted(`${base}/deliveries?provider=retell`);
      expect(short.queries).toBe(full.queries);
      expect(full.queries).toBeLessThanOrEqual(6);
    });

    it("answers 404 for another company's deliveries and for forged filters", async () => {
      expect((await owner.page(`/admin/companies/${h.bright.id}/deliveries`)).status).toBe(404);
      expect((await owner.page(`${base}/deliveries?provider=evil`)).status).toBe(404);
      expect(
        (await owner.page(`${base}/deliveries?outcome=${encodeURIComponent(script)}`)).status,
      ).toBe(404);
      expect((await owner.page(`${base}/deliveries?after=2030`)).status).toBe(404);
    });
  });
});
