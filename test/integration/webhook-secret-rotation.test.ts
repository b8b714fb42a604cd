import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCalcomBody } from "../../src/calcom/webhook.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { createFormatter } from "../../src/web/format.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const en = { "accept-language": "en" };
const hour = 60 * 60 * 1000;
const webhookPanel = (html: string) =>
  /<section[^>]*id="settings-webhook"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

/** A delivery Frontdesk records and does not act on; `n` keeps each one apart. */
const ignoredBody = (n: number) =>
  JSON.stringify({ triggerEvent: "MEETING_ENDED", createdAt: new Date().toISOString(), n });

/** A booking of the salon's "Haarschnitt" (event type 2001, host 501). */
const bookingBody = (uid: string) =>
  JSON.stringify({
    triggerEvent: "BOOKING_CREATED",
    createdAt: "2026-12-01T09:00:00.000Z",
    payload: {
      uid,
      eventTypeId: 2001,
      startTime: "2026-12-10T10:00:00.000Z",
      endTime: "2026-12-10T10:30:00.000Z",
      organizer: { id: 501, name: "Host", email: "host@salon.example" },
      attendees: [{ name: "Rita Rotation", email: "rita@example.de" }],
    },
  });

describe.each(testEngines())("Cal.com webhook secret rotation on %s", (engine) => {
  let h: ConsoleHarness;
  let webhooks: Hono;
  let owner: ConsoleClient;
  let platform: ConsoleClient;
  let base: string;
  // The use-cases' and the webhook route's clock runs this far ahead of real time.
  let aheadMs = 0;
  const clock = { now: () => new Date(Date.now() + aheadMs) };
  const secretOf = async (companyId: string) =>
    (await h.store.companies.findById(companyId))!.calcom;
  const deliver = (slug: string, body: string, secret: string) =>
    webhooks.request(`/webhooks/calcom/${slug}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-cal-signature-256": signCalcomBody(body, secret),
      },
      body,
    });
  const auditRows = (companyId: string) =>
    h.database.db
      .selectFrom("company_audit")
      .select(["action", "actor_type", "actor_id"])
      .where("company_id", "=", companyId)
      .execute();

  beforeAll(async () => {
    h = await buildConsole(engine, { clock });
    webhooks = createHttpApp({
      health: { ping: async () => {} },
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: h.useCases,
      clock,
    });
    base = `/admin/companies/${h.salon.id}`;
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    await owner.page(`${base}/settings`);
    platform = consoleClient(h.http, undefined, en);
    await platform.login(logins.platform, consolePassword);
    await platform.page(`${base}/settings`);
  });
  afterAll(() => h.close());

  it("asks before a new secret: a GET or a POST without the confirmation changes nothing", async () => {
    const before = (await secretOf(h.salon.id)).webhookSecret!.reveal();
    const settings = await owner.page(`${base}/settings`);
    expect(webhookPanel(settings.html)).toContain(`href="${base}/settings/webhook"`);
    const asked = await owner.page(`${base}/settings/webhook`);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Generate a new webhook secret?");
    expect(asked.html).toContain("stays valid for 24 hours");
    expect(asked.html).toContain('name="confirm" value="yes"');
    expect(asked.html).toContain(`action="${base}/settings/webhook"`);
    const german = await owner.page(`${base}/settings/webhook`, { "accept-language": "de" });
    expect(german.html).toContain("Neues Webhook-Secret erzeugen?");
    expect(german.html).toContain("24 Stunden gültig");
    const posted = await owner.post(`${base}/settings/webhook`);
    expect(posted.status).toBe(200);
    expect(posted.html).toContain("Generate a new webhook secret?");
    const wrong = await owner.post(`${base}/settings/webhook`, { confirm: "no" });
    expect(wrong.status).toBe(200);
    expect((await secretOf(h.salon.id)).webhookSecret!.reveal()).toBe(before);
    expect(await auditRows(h.salon.id)).toEqual([]);
  });

  it("rotates on confirmation, audited; the old secret works for 24 hours, marked, then not", async () => {
    const old = (await secretOf(h.salon.id)).webhookSecret!.reveal();
    const rotatedAt = clock.now().getTime();
    const done = await owner.post(`${base}/settings/webhook`, { confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.res.headers.get("location")).toBe(
      `${base}/settings?saved=webhook#settings-webhook`,
    );
    const calcom = await secretOf(h.salon.id);
    const fresh = calcom.webhookSecret!.reveal();
    expect(fresh).not.toBe(old);
    expect(calcom.previousWebhookSecret!.secret.reveal()).toBe(old);
    const until = Date.parse(calcom.previousWebhookSecret!.validUntil);
    expect(until - rotatedAt).toBeGreaterThanOrEqual(24 * hour);
    expect(until - rotatedAt).toBeLessThan(24 * hour + 60_000);
    // Stored encrypted like the current one: neither appears in the row.
    const row = await h.database.db
      .selectFrom("company")
      .selectAll()
      .where("id", "=", h.salon.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(old);
    expect(JSON.stringify(row)).not.toContain(fresh);
    expect(await auditRows(h.salon.id)).toEqual([
      { action: "webhook_secret_rotated", actor_type: "user", actor_id: h.users.salon.id },
    ]);

    // The settings page says until when (Europe/Berlin: the company's time zone).
    const page = await owner.page(`${base}/settings?saved=webhook`);
    const local = createFormatter("en", h.salon.timezone).dateTime(
      calcom.previousWebhookSecret!.validUntil,
    );
    expect(webhookPanel(page.html)).toContain(
      `The previous secret is still accepted until ${local}`,
    );

    // Within the window: both secrets are accepted; the old one is noted on the delivery.
    const booking = await deliver(h.salon.slug, bookingBody("rot-booking-1"), old);
    expect(booking.status).toBe(200);
    expect(await booking.json()).toMatchObject({ outcome: "created" });
    expect((await deliver(h.salon.slug, ignoredBody(1), old)).status).toBe(200);
    expect((await deliver(h.salon.slug, ignoredBody(2), fresh)).status).toBe(200);
    const ctx = { company: h.salon, actor: { type: "cli" } as const };
    const listed = await h.useCases.appointments.listDeliveries(ctx, { provider: "calcom" });
    const marks = listed.deliveries.map((d) => [d.eventType, d.signedWithPrevious]);
    expect(marks.slice(0, 3)).toEqual([
      ["MEETING_ENDED", false],
      ["MEETING_ENDED", true],
      ["BOOKING_CREATED", true],
    ]);
    const deliveries = await owner.page(`${base}/deliveries`);
    expect(deliveries.html.split("Signed with the previous secret").length - 1).toBe(2);

    // Another company's secret never opens this company's webhook.
    const bright = (await secretOf(h.bright.id)).webhookSecret!.reveal();
    expect((await deliver(h.salon.slug, ignoredBody(3), bright)).status).toBe(401);

    // Just before the window ends the old one still works; at its end only the new one does.
    aheadMs = until - Date.now() - 1_000;
    expect((await deliver(h.salon.slug, ignoredBody(4), old)).status).toBe(200);
    aheadMs = until - Date.now() + 1_000;
    expect((await deliver(h.salon.slug, ignoredBody(5), old)).status).toBe(401);
    expect((await deliver(h.salon.slug, ignoredBody(6), fresh)).status).toBe(200);
    // A day later the session is over: a new login sees the page without the window.
    const next = consoleClient(h.http, undefined, en);
    await next.login(logins.salon, consolePassword);
    const later = await next.page(`${base}/settings`);
    expect(later.status).toBe(200);
    expect(webhookPanel(later.html)).not.toContain("The previous secret is still accepted");
    aheadMs = 0;
    // Logging in a day ahead purged the sessions that had ended by then.
    await owner.login(logins.salon, consolePassword);
    await platform.login(logins.platform, consolePassword);
    await owner.page(`${base}/settings`);
    await platform.page(`${base}/settings`);
  });

  it("a second rotation within the window says that the older secret ends now", async () => {
    const first = (await secretOf(h.salon.id)).webhookSecret!.reveal();
    await owner.post(`${base}/settings/webhook`, { confirm: "yes" });
    const asked = await owner.page(`${base}/settings/webhook`);
    expect(asked.html).toContain("stops being accepted now");
    await owner.post(`${base}/settings/webhook`, { confirm: "yes" });
    const calcom = await secretOf(h.salon.id);
    expect(calcom.previousWebhookSecret!.secret.reveal()).not.toBe(first);
    expect((await deliver(h.salon.slug, ignoredBody(7), first)).status).toBe(401);
    expect(
      (await deliver(h.salon.slug, ignoredBody(8), calcom.previousWebhookSecret!.secret.reveal()))
        .status,
    ).toBe(200);
    expect((await auditRows(h.salon.id)).length).toBe(3);
  });

  it("asks before removing a number; only a platform admin, only the company's own numbers", async () => {
    const number = "+49307000001";
    await h.useCases.company.addPhoneNumber(
      { company: h.salon, actor: { type: "cli" } },
      { number },
    );
    const numbers = async () => (await h.store.phoneNumbers.list(h.salon.id)).map((p) => p.number);
    const asked = await platform.page(
      `${base}/settings/phones/remove?number=${encodeURIComponent(number)}`,
    );
    expect(asked.status).toBe(200);
    expect(asked.html).toContain(`Remove ${number}?`);
    expect(asked.html).toContain(`name="number" value="${number}"`);
    const posted = await platform.post(`${base}/settings/phones/remove`, { number });
    expect(posted.status).toBe(200);
    expect(posted.html).toContain(`Remove ${number}?`);
    expect(await numbers()).toContain(number);
    // A number that is not this company's is refused without a question (and without a hint).
    const brightNumber = (await h.store.phoneNumbers.list(h.bright.id))[0]!.number;
    const foreign = await platform.page(
      `${base}/settings/phones/remove?number=${encodeURIComponent(brightNumber)}`,
    );
    expect(foreign.status).toBe(422);
    expect(foreign.html).toContain("This number cannot be removed.");
    // A company admin is told who may change numbers, and nothing changes.
    expect((await owner.page(`${base}/settings/phones/remove?number=${number}`)).status).toBe(403);
    expect(
      (await owner.post(`${base}/settings/phones/remove`, { number, confirm: "yes" })).status,
    ).toBe(403);
    expect(await numbers()).toContain(number);
    const removed = await platform.post(`${base}/settings/phones/remove`, {
      number,
      confirm: "yes",
    });
    expect(removed.status).toBe(303);
    expect(await numbers()).not.toContain(number);
  });

  it("another company's confirmation pages are 404 for GET and POST, and change nothing", async () => {
    const brightBase = `/admin/companies/${h.bright.id}`;
    const before = JSON.stringify(await h.store.companies.findById(h.bright.id));
    const brightNumber = (await h.store.phoneNumbers.list(h.bright.id))[0]!.number;
    const requests = [
      () => owner.page(`${brightBase}/settings/webhook`),
      () => owner.post(`${brightBase}/settings/webhook`),
      () => owner.post(`${brightBase}/settings/webhook`, { confirm: "yes" }),
      () => owner.page(`${brightBase}/settings/phones/remove?number=${brightNumber}`),
      () => owner.post(`${brightBase}/settings/phones/remove`, { number: brightNumber }),
      () =>
        owner.post(`${brightBase}/settings/phones/remove`, {
          number: brightNumber,
          confirm: "yes",
        }),
    ];
    for (const request of requests) expect((await request()).status).toBe(404);
    expect(JSON.stringify(await h.store.companies.findById(h.bright.id))).toBe(before);
    expect((await h.store.phoneNumbers.list(h.bright.id)).map((p) => p.number)).toEqual([
      brightNumber,
    ]);
    expect(await auditRows(h.bright.id)).toEqual([]);
  });
});
