import { sql } from "kysely";
import Retell from "retell-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../src/domain/ports/calls.ts";
import type { RetellCalls } from "../../src/domain/ports/retell-api.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createRetellApiClient, retellApiTimeoutMs } from "../../src/retell/api-client.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import { type RetellApiStandIn, startRetellApiStandIn } from "../support/retell-api-stand-in.ts";

const apiKey = "key_transcript_test";
/** A word that appears in no other fixture: found anywhere afterwards, the transcript was kept. */
const marker = "Zitronenbaum7731";
const script = `<script>alert("planted")</script>`;
const turns = [
  { role: "agent" as const, content: "Salon Beispiel, guten Tag, was kann ich für Sie tun?" },
  { role: "user" as const, content: `Einen Haarschnitt, bitte. ${marker} ${script}` },
];
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const call = (retellCallId: string, startedAt: string): CallRecord => ({
  retellCallId,
  agentId: "agent_salon",
  fromNumber: "+4915112345678",
  toNumber: "+493012345670",
  direction: "inbound",
  status: "ended",
  startedAt,
  endedAt: startedAt,
  durationMs: 60_000,
  summary: null,
  outcome: null,
});

describe("the Retell API stand-in", () => {
  let standIn: RetellApiStandIn;
  beforeAll(async () => {
    standIn = await startRetellApiStandIn({ apiKey });
    standIn.addCall("call_sdk", turns);
  });
  afterAll(() => standIn.close());

  it("answers as retell-sdk's own client expects get-call to answer", async () => {
    const client = new Retell({ apiKey, baseURL: standIn.baseUrl, maxRetries: 0 });
    const got = await client.call.retrieve("call_sdk");
    expect(got.call_id).toBe("call_sdk");
    expect(got.call_type).toBe("phone_call");
    expect(got.transcript_object?.map((u) => [u.role, u.content])).toEqual(
      turns.map((t) => [t.role, t.content]),
    );
    expect(standIn.requests.at(-1)).toEqual({
      method: "GET",
      path: "/v2/get-call/call_sdk",
      authorization: `Bearer ${apiKey}`,
    });
    await expect(client.call.retrieve("call_nobody")).rejects.toBeInstanceOf(Retell.NotFoundError);
    const stranger = new Retell({ apiKey: "key_wrong", baseURL: standIn.baseUrl, maxRetries: 0 });
    await expect(stranger.call.retrieve("call_sdk")).rejects.toBeInstanceOf(
      Retell.AuthenticationError,
    );
  });

  it("gives our client 5 s before Retell counts as unavailable", () => {
    expect(retellApiTimeoutMs).toBe(5000);
  });
});

/** "Show transcript": fetched from Retell at that moment, shown escaped, never stored or logged. */
describe.each(testEngines())("call transcript on demand on %s", (engine) => {
  let h: ConsoleHarness;
  let standIn: RetellApiStandIn;
  let owner: ConsoleClient;
  let base: string;
  const logLines: string[] = [];
  const client = (key: string | undefined) =>
    createRetellApiClient({ apiKey: key, baseUrl: standIn.baseUrl, timeoutMs: 300 });
  /** What the harness asks; a test swaps it for no key or a wrong one. */
  let retell: RetellCalls;

  beforeAll(async () => {
    standIn = await startRetellApiStandIn({ apiKey });
    retell = client(apiKey);
    h = await buildConsole(engine, {
      retell: {
        get configured() {
          return retell.configured;
        },
        transcript: (callId) => retell.transcript(callId),
      },
      logger: createLogger({ level: "info", destination: { write: (l) => logLines.push(l) } }),
    });
    const s = h.salon.id;
    await h.store.calls.upsert(s, call("call_recent", daysAgo(2)));
    await h.store.calls.upsert(s, call("call_gone", daysAgo(2)));
    await h.store.calls.upsert(s, call("call_live", daysAgo(0)));
    await h.store.calls.upsert(s, call("call_old", daysAgo(31)));
    await h.store.calls.upsert(s, call("frontdesk_test_abc123", daysAgo(0)));
    await h.store.calls.upsert(h.bright.id, call("call_bright", daysAgo(1)));
    for (const id of ["call_recent", "call_old", "frontdesk_test_abc123", "call_bright"])
      standIn.addCall(id, turns);
    standIn.addCall("call_live", [], { call_status: "ongoing", transcript: undefined });
    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
    base = `/admin/companies/${s}`;
    await owner.page(`${base}/calls`);
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  const transcriptPanel = (html: string) =>
    html.slice(html.indexOf('id="call-transcript"')).split("</section>")[0]!;
  const asked = () => standIn.requests.length;
  const showHtmx = (path: string, headers: Record<string, string> = {}) =>
    owner.post(`${path}/transcript`, {}, { "hx-request": "true", ...headers });

  it("offers the transcript with a button, and asks Retell nothing until it is pressed", async () => {
    const before = asked();
    const { status, html } = await owner.page(`${base}/calls/call_recent`);
    expect(status).toBe(200);
    const panel = transcriptPanel(html);
    expect(panel).toContain("Gesprächsprotokoll anzeigen");
    expect(panel).toContain(`hx-post="${base}/calls/call_recent/transcript"`);
    expect(panel).toMatch(/<form method="get" action="[^"]*\/calls\/call_recent"/);
    expect(panel).toContain('name="transcript" value="1"');
    expect(asked()).toBe(before);
  });

  it("shows the turns fetched from Retell, labelled and escaped, in German and English", async () => {
    const de = await owner.page(`${base}/calls/call_recent?transcript=1`);
    expect(de.status).toBe(200);
    expect(de.res.headers.get("cache-control")).toBe("no-store");
    expect(standIn.requests.at(-1)).toEqual({
      method: "GET",
      path: "/v2/get-call/call_recent",
      authorization: `Bearer ${apiKey}`,
    });
    const panel = transcriptPanel(de.html);
    expect(panel).toContain("<strong>Agent:</strong> Salon Beispiel, guten Tag");
    expect(panel).toContain(`<strong>Anrufer:</strong> Einen Haarschnitt, bitte. ${marker}`);
    expect(de.html).not.toContain(script);
    expect(panel).toContain("&lt;script&gt;");
    expect(panel.indexOf("Agent:")).toBeLessThan(panel.indexOf("Anrufer:"));

    const en = await showHtmx(`${base}/calls/call_recent`, { "accept-language": "en" });
    expect(en.status).toBe(200);
    expect(en.html).not.toContain("<html");
    expect(en.html).toMatch(/^<section class="panel" id="call-transcript">/);
    expect(en.html).toContain("<strong>Caller:</strong> Einen Haarschnitt");
    expect(en.html).not.toContain(script);
    expect(en.html).toContain("&lt;script&gt;");
  });

  it("shows the whole page with the transcript when the form is posted without htmx", async () => {
    const { status, html } = await owner.post(`${base}/calls/call_recent/transcript`);
    expect(status).toBe(200);
    expect(html).toContain("Anruf von 01511 2345678");
    expect(transcriptPanel(html)).toContain("<strong>Anrufer:</strong>");
  });

  it("answers 404 for another company's call, by GET and by POST, and asks Retell nothing", async () => {
    const before = asked();
    expect((await owner.page(`${base}/calls/call_bright?transcript=1`)).status).toBe(404);
    expect((await showHtmx(`${base}/calls/call_bright`)).status).toBe(404);
    expect((await owner.post(`${base}/calls/call_bright/transcript`)).status).toBe(404);
    const theirs = `/admin/companies/${h.bright.id}/calls/call_bright`;
    expect((await owner.page(`${theirs}?transcript=1`)).status).toBe(404);
    expect((await showHtmx(theirs)).status).toBe(404);
    const unknown = await showHtmx(`${base}/calls/call_nobody`);
    expect(unknown.status).toBe(404);
    expect(unknown.html).not.toContain(marker);
    expect(asked()).toBe(before);
  });

  it("says a test call has no transcript, without a button or a request", async () => {
    const before = asked();
    const page = transcriptPanel((await owner.page(`${base}/calls/frontdesk_test_abc123`)).html);
    expect(page).toContain("Ein Testanruf aus der Konsole hat kein Gesprächsprotokoll");
    expect(page).not.toContain("hx-post");
    const en = await showHtmx(`${base}/calls/frontdesk_test_abc123`, { "accept-language": "en" });
    expect(en.html).toContain("A test call from the console has no transcript");
    expect(en.html).not.toContain(marker);
    expect(asked()).toBe(before);
  });

  it("says a call older than RETENTION_DAYS (30) is no longer available, and asks nothing", async () => {
    const before = asked();
    const de = await owner.page(`${base}/calls/call_old?transcript=1`);
    expect(transcriptPanel(de.html)).toContain("Aufbewahrungsfrist (30 Tage)");
    expect(de.html).not.toContain(marker);
    const en = await showHtmx(`${base}/calls/call_old`, { "accept-language": "en" });
    expect(en.html).toContain(
      "older than the retention period (30 days): its transcript is no longer available",
    );
    expect(asked()).toBe(before);
  });

  it("says when Retell has no transcript (yet)", async () => {
    const { html } = await showHtmx(`${base}/calls/call_live`, { "accept-language": "en" });
    expect(html).toContain("Retell has no transcript of this call");
  });

  it("says RETELL_API_KEY is missing, and sends nothing", async () => {
    retell = client(undefined);
    try {
      const before = asked();
      const de = await owner.page(`${base}/calls/call_recent?transcript=1`);
      expect(transcriptPanel(de.html)).toContain("RETELL_API_KEY ist auf dem Server nicht gesetzt");
      const en = await showHtmx(`${base}/calls/call_recent`, { "accept-language": "en" });
      expect(en.html).toContain("RETELL_API_KEY is not set on the server");
      expect(asked()).toBe(before);
    } finally {
      retell = client(apiKey);
    }
  });

  it("words Retell's 404, 401, 5xx and a timeout, and logs them without the transcript", async () => {
    const en = async (id: string) =>
      (await showHtmx(`${base}/calls/${id}`, { "accept-language": "en" })).html;
    logLines.length = 0;
    expect(await en("call_gone")).toContain("Retell does not know this call (any more)");
    retell = client("key_revoked");
    try {
      expect(await en("call_recent")).toContain("Retell refused the API key set on the server");
    } finally {
      retell = client(apiKey);
    }
    standIn.faults.status = 503;
    try {
      expect(await en("call_recent")).toContain("Retell answered with an error");
      const de = await owner.page(`${base}/calls/call_recent?transcript=1`);
      expect(de.status).toBe(200);
      expect(transcriptPanel(de.html)).toContain("Retell hat mit einem Fehler geantwortet");
    } finally {
      standIn.faults.status = null;
    }
    standIn.faults.stallMs = 1500;
    try {
      const started = Date.now();
      const html = await en("call_recent");
      expect(html).toContain("Retell did not answer within 5 seconds");
      expect(html).not.toContain(marker);
      expect(Date.now() - started).toBeLessThan(1400);
    } finally {
      standIn.faults.stallMs = 0;
    }
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => [l.callId, l.problem, l.status])).toEqual([
      ["call_gone", "not_found", 404],
      ["call_recent", "unauthorized", 401],
      ["call_recent", "failed", 503],
      ["call_recent", "failed", 503],
      ["call_recent", "timeout", null],
    ]);
    expect(logged.every((l) => l.msg === "console: Retell gave no transcript")).toBe(true);
  });

  it("keeps nothing of a transcript: no table row and no log line holds it", async () => {
    // Shown once more, so the check follows a successful fetch.
    expect((await showHtmx(`${base}/calls/call_recent`)).html).toContain(marker);
    const db = h.database.db;
    const tables =
      engine === "sqlite"
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
            db,
          )
        : await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    const names = tables.rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["call", "inbox_event"]));
    for (const name of names) {
      const rows = await sql`select * from ${sql.table(name)}`.execute(db);
      expect(JSON.stringify(rows.rows), name).not.toContain(marker);
      expect(JSON.stringify(rows.rows), name).not.toContain("Einen Haarschnitt, bitte");
    }
    expect(logLines.join("\n")).not.toContain(marker);
    expect(h.loggedErrors).toEqual([]);
  });
});
