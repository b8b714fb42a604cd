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

const script = `<script>alert("planted")</script>`;

const htmlText = (s: string) =>
  s.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&");

/** The offered slots' values in the booking form. */
const offersOf = (html: string) =>
  [...html.matchAll(/name="start" value="([^"]+)"/g)].map((m) => htmlText(m[1]!));
const hidden = (html: string, name: string) =>
  htmlText(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "");

/**
 * The test-call panel: signed requests through the real Retell routes (in-process), spoken
 * replies, a booking recorded on a call marked as a test call; refusal without a key; tenancy.
 */
describe.each(testEngines())("console test call on %s", (engine) => {
  let h: ConsoleHarness;
  let http: Hono;
  let owner: ConsoleClient;
  let base: string;

  beforeAll(async () => {
    h = await buildConsole(engine);
    ({ http } = consoleWithWebhooks(h, retellTestKey));
    owner = consoleClient(http);
    await owner.login(logins.salon, consolePassword);
    base = `/admin/companies/${h.salon.id}`;
  });
  afterAll(() => h.close());

  it("opens with a test number, linked from the settings' Retell section", async () => {
    const page = await owner.page(`${base}/test-call`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Testanruf");
    expect(page.html).toContain('value="+49 151 00000000"');
    expect(page.html).not.toContain('id="test-call-unsigned"');
    const settings = await owner.page(`${base}/settings`);
    expect(settings.html).toContain(`href="${base}/test-call"`);
  });

  it("rings, starts, lists services and checks the phrase, then books an offered slot", async () => {
    await owner.page(`${base}/test-call`);
    const started = await owner.post(`${base}/test-call`, {
      callerNumber: "+49 151 00000000",
      phrase: "Haarschnitt übermorgen um 10",
    });
    expect(started.status).toBe(200);
    for (const name of ["call_inbound", "call_started", "list_services", "check_availability"])
      expect(started.html).toContain(`<code>${name}</code>`);
    // Every request passed the signature check: no 401 among them.
    expect(started.html).not.toMatch(/badge-danger">\d+/);
    expect(started.html).toContain("Haarschnitt");
    expect(started.html).toMatch(/<blockquote class="spoken"[^>]*>[^<]+<\/blockquote>/);
    expect(started.html).toContain("Gewählt: 030 12345670");
    const offers = offersOf(started.html);
    expect(offers.length).toBeGreaterThan(0);
    const callId = hidden(started.html, "callId");
    expect(callId).toMatch(/^frontdesk_test_/);

    const booked = await owner.post(`${base}/test-call/book`, {
      callId,
      callerNumber: hidden(started.html, "callerNumber"),
      phrase: hidden(started.html, "phrase"),
      start: offers[0]!,
      name: "Erika Test",
    });
    expect(booked.status).toBe(200);
    expect(booked.html).toContain("<code>book_appointment</code>");
    expect(booked.html).toContain("<code>call_ended</code>");
    expect(booked.html).toContain("&quot;booked&quot;: true");

    const call = await h.store.calls.find(h.salon.id, callId);
    expect(call).toMatchObject({ status: "ended", fromNumber: "+4915100000000" });
    const [made] = await h.store.calls.listAppointmentsOf(h.salon.id, [callId]);
    expect(made).toBeDefined();
    const list = await owner.page(`${base}/calls`);
    const row = list.html.slice(list.html.indexOf(`calls/${callId}"`)).split("</tr>")[0]!;
    expect(row).toContain("Gebucht");
    expect(row).toContain("Testanruf");
    const detail = await owner.page(`${base}/calls/${callId}`, { "accept-language": "en" });
    expect(detail.html).toContain("Test call");
    expect(detail.html).toContain("Booked");
  });

  it("shows hostile phrases and names escaped", async () => {
    await owner.page(`${base}/test-call`);
    const started = await owner.post(`${base}/test-call`, {
      callerNumber: "+49 151 00000000",
      phrase: `Haarschnitt übermorgen um 10 ${script}`,
    });
    expect(started.status).toBe(200);
    expect(started.html).not.toContain(script);
    expect(started.html).toContain("&lt;script&gt;");
    const offers = offersOf(started.html);
    const booked = await owner.post(`${base}/test-call/book`, {
      callId: hidden(started.html, "callId"),
      callerNumber: "+49 151 00000000",
      phrase: hidden(started.html, "phrase"),
      start: offers[0] ?? "2030-01-01T10:00:00+01:00",
      name: `"><img src=x onerror=alert(1)>`,
    });
    expect(booked.html).not.toContain("<img src=x");
    expect(booked.html).not.toContain(script);
  });

  it("refuses a bad caller number and a call id that is not a test call's", async () => {
    await owner.page(`${base}/test-call`);
    const bad = await owner.post(`${base}/test-call`, { callerNumber: "12", phrase: "x" });
    expect(bad.status).toBe(422);
    expect(bad.html).not.toContain("<code>call_inbound</code>");
    const forged = await owner.post(`${base}/test-call/book`, {
      callId: "call_real_one",
      callerNumber: "+49 151 00000000",
      phrase: "Haarschnitt",
      start: "2030-01-01T10:00:00+01:00",
      name: "Erika",
    });
    expect(forged.status).toBe(422);
    expect(await h.store.calls.find(h.salon.id, "call_real_one")).toBeNull();
  });

  it("says so when the company has no number to dial", async () => {
    const admin = consoleClient(http);
    await admin.login(logins.platform, consolePassword);
    const path = `/admin/companies/${h.big.id}/test-call`;
    await admin.page(path);
    const res = await admin.post(path, { callerNumber: "+49 151 00000000", phrase: "Big A" });
    expect(res.status).toBe(200);
    expect(res.html).toContain('id="test-call-no-number"');
  });

  it("answers 404 for another company's panel, on GET and POST", async () => {
    const bright = `/admin/companies/${h.bright.id}/test-call`;
    await owner.page(`${base}/test-call`);
    expect((await owner.page(bright)).status).toBe(404);
    const post = await owner.post(bright, { callerNumber: "+447911123456", phrase: "Cleaning" });
    expect(post.status).toBe(404);
    const book = await owner.post(`${bright}/book`, {
      callId: "frontdesk_test_x",
      callerNumber: "+447911123456",
      phrase: "Cleaning",
      start: "2030-01-01T10:00:00Z",
      name: "Eve",
    });
    expect(book.status).toBe(404);
    expect(await h.store.calls.listPage(h.bright.id, { limit: 10 })).toEqual([]);
  });

  it("refuses loudly without RETELL_API_KEY, and sends nothing", async () => {
    const { http: keyless } = consoleWithWebhooks(h, undefined);
    const client = consoleClient(keyless);
    await client.login(logins.salon, consolePassword);
    const page = await client.page(`${base}/test-call`, { "accept-language": "en" });
    expect(page.html).toContain('id="test-call-unsigned"');
    expect(page.html).toContain("RETELL_API_KEY is not set");
    const before = (await h.store.calls.listPage(h.salon.id, { limit: 200 })).length;
    const res = await client.post(`${base}/test-call`, {
      callerNumber: "+49 151 00000000",
      phrase: "Haarschnitt übermorgen um 10",
    });
    expect(res.html).toContain("RETELL_API_KEY ist nicht gesetzt");
    expect(res.html).not.toContain("<code>call_inbound</code>");
    expect((await h.store.calls.listPage(h.salon.id, { limit: 200 })).length).toBe(before);
  });
});
