import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { book, call, salonKey } from "./test-helpers.ts";

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A tiny webhook receiver on 127.0.0.1 that keeps the raw bodies. */
async function receiver(status = 200): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

function verified(message: Received, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(message.raw).digest("hex"));
  const given = Buffer.from(String(message.headers["x-cal-signature-256"]));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const now = () => new Date("2026-10-19T06:00:00Z");
const nine = "2026-10-20T07:00:00Z";

describe("booking webhooks", () => {
  it("delivers BOOKING_CREATED, signed over the raw body", async () => {
    const hook = await receiver();
    const sim = createSimulator(demoFixture(), {
      now,
      webhooks: [{ teamId: 1001, url: hook.url, secret: "whsec_salon" }],
    });
    const created = await book(
      sim.app,
      nine,
      2001,
      { name: "Max", email: "max@example.com" },
      { metadata: { callId: "c1" } },
    );
    await sim.flushWebhooks();

    expect(hook.received).toHaveLength(1);
    const [message] = hook.received;
    expect(message!.headers["content-type"]).toBe("application/json");
    expect(verified(message!, "whsec_salon")).toBe(true);
    expect(verified(message!, "another secret")).toBe(false);
    const body = JSON.parse(message!.raw);
    expect(body).toMatchObject({
      triggerEvent: "BOOKING_CREATED",
      createdAt: "2026-10-19T06:00:00.000Z",
      payload: {
        type: "haarschnitt",
        title: created.json.data.title,
        startTime: "2026-10-20T07:00:00Z",
        endTime: "2026-10-20T07:30:00Z",
        length: 30,
        uid: created.json.data.uid,
        bookingId: created.json.data.id,
        eventTypeId: 2001,
        status: "ACCEPTED",
        organizer: {
          id: 501,
          name: "Jörg Müller",
          email: "joerg.mueller@salon-beispiel.de",
          username: "joerg",
          timeZone: "Europe/Berlin",
          language: { locale: "en" },
        },
        attendees: [
          {
            name: "Max",
            email: "max@example.com",
            timeZone: "Europe/Berlin",
            language: { locale: "en" },
          },
        ],
        responses: {
          name: { label: "your_name", value: "Max" },
          email: { label: "email_address", value: "max@example.com" },
        },
        metadata: { callId: "c1" },
      },
    });
    expect(sim.webhookDeliveries).toMatchObject([
      { teamId: 1001, triggerEvent: "BOOKING_CREATED", status: 200, error: null },
    ]);
  });

  it("delivers BOOKING_CANCELLED and BOOKING_RESCHEDULED with the right uids", async () => {
    const hook = await receiver();
    const sim = createSimulator(demoFixture(), {
      now,
      webhooks: [{ teamId: 1001, url: hook.url, secret: "s3cret" }],
    });
    const first = (await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).json.data;
    const moved = (
      await call(sim.app, `/v2/bookings/${first.uid}/reschedule`, {
        method: "POST",
        version: "2024-08-13",
        body: { start: "2026-10-21T08:00:00Z" },
      })
    ).json.data;
    await call(sim.app, `/v2/bookings/${moved.uid}/cancel`, {
      method: "POST",
      version: "2024-08-13",
      body: { cancellationReason: "krank" },
    });
    await sim.flushWebhooks();

    expect(hook.received.every((m) => verified(m, "s3cret"))).toBe(true);
    const bodies = hook.received.map((m) => JSON.parse(m.raw));
    expect(bodies.map((b) => b.triggerEvent).sort()).toEqual([
      "BOOKING_CANCELLED",
      "BOOKING_CREATED",
      "BOOKING_RESCHEDULED",
    ]);
    const rescheduled = bodies.find((b) => b.triggerEvent === "BOOKING_RESCHEDULED");
    expect(rescheduled.payload).toMatchObject({
      uid: moved.uid,
      bookingId: moved.id,
      rescheduleUid: first.uid,
      status: "ACCEPTED",
      startTime: "2026-10-21T08:00:00Z",
    });
    const cancelled = bodies.find((b) => b.triggerEvent === "BOOKING_CANCELLED");
    expect(cancelled.payload).toMatchObject({
      uid: moved.uid,
      status: "CANCELLED",
      cancellationReason: "krank",
    });
  });

  it("signs with the literal no-secret-provided when there is no secret", async () => {
    const hook = await receiver();
    const sim = createSimulator(demoFixture(), { now });
    sim.setWebhook(1001, { url: hook.url, secret: null });
    await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    await sim.flushWebhooks();
    expect(hook.received[0]!.headers["x-cal-signature-256"]).toBe("no-secret-provided");
  });

  it("sends nothing for a team without a webhook, or after it is removed", async () => {
    const hook = await receiver();
    const sim = createSimulator(demoFixture(), {
      now,
      webhooks: [{ teamId: 1001, url: hook.url, secret: "x" }],
    });
    await book(sim.app, nine, 2101, { name: "A", email: "a@x.de" });
    sim.setWebhook(1001, null);
    await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    await sim.flushWebhooks();
    expect(hook.received).toEqual([]);
    expect(sim.webhookDeliveries).toEqual([]);
  });

  it("never makes the API response wait for the receiver", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowFetch: typeof fetch = async () => {
      await gate;
      return new Response(null, { status: 204 });
    };
    const sim = createSimulator(demoFixture(), {
      now,
      fetch: slowFetch,
      webhooks: [{ teamId: 1001, url: "http://receiver.invalid/", secret: "x" }],
    });
    const res = await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    expect(res.status).toBe(201);
    expect(sim.webhookDeliveries[0]!.status).toBeNull();
    const flushed = sim.flushWebhooks();
    release();
    await flushed;
    expect(sim.webhookDeliveries[0]!.status).toBe(204);
  });

  it("swallows delivery failures but records the attempt", async () => {
    const sim = createSimulator(demoFixture(), {
      now,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
      webhooks: [{ teamId: 1001, url: "http://127.0.0.1:9/", secret: "x" }],
    });
    expect((await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).status).toBe(201);
    await sim.flushWebhooks();
    expect(sim.webhookDeliveries).toMatchObject([{ status: null, error: "fetch failed" }]);
  });

  it("delivers to each active event type webhook whose triggers include the event, each signed with its own secret", async () => {
    const first = await receiver();
    const second = await receiver();
    const idle = await receiver();
    const org = await receiver();
    const sim = createSimulator(demoFixture(), {
      now,
      webhooks: [{ teamId: 1001, url: org.url, secret: "whsec_org" }],
    });
    const register = (eventTypeId: number, body: Record<string, unknown>) =>
      call(sim.app, `/v2/event-types/${eventTypeId}/webhooks`, {
        method: "POST",
        key: salonKey,
        body: { active: true, triggers: ["BOOKING_CREATED"], ...body },
      });
    const one = (await register(2001, { subscriberUrl: first.url, secret: "s1" })).json.data;
    await register(2001, { subscriberUrl: second.url, secret: "s2" });
    await register(2001, { subscriberUrl: `${idle.url}?off`, active: false, secret: "s3" });
    await register(2001, { subscriberUrl: `${idle.url}?cancel`, triggers: ["BOOKING_CANCELLED"] });
    await register(2002, { subscriberUrl: `${idle.url}?other`, secret: "s4" });

    await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    await sim.flushWebhooks();

    expect(first.received).toHaveLength(1);
    expect(verified(first.received[0]!, "s1")).toBe(true);
    expect(second.received).toHaveLength(1);
    expect(verified(second.received[0]!, "s2")).toBe(true);
    expect(idle.received).toEqual([]);
    // The team's target (an organization webhook) still gets its copy.
    expect(verified(org.received[0]!, "whsec_org")).toBe(true);
    expect(first.received[0]!.raw).toBe(org.received[0]!.raw);
    expect(sim.webhookDeliveries.map((d) => d.webhookId)).toEqual([
      one.id,
      expect.any(String),
      null,
    ]);
  });

  it("sends nothing once an event type's webhook is deactivated or deleted", async () => {
    const hook = await receiver();
    const sim = createSimulator(demoFixture(), { now });
    const path = "/v2/event-types/2001/webhooks";
    const body = { subscriberUrl: hook.url, active: true, triggers: ["BOOKING_CREATED"] };
    const id = (await call(sim.app, path, { method: "POST", key: salonKey, body })).json.data.id;
    await call(sim.app, `${path}/${id}`, {
      method: "PATCH",
      key: salonKey,
      body: { active: false },
    });
    await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" });
    await call(sim.app, `${path}/${id}`, { method: "DELETE", key: salonKey });
    await book(sim.app, "2026-10-20T08:00:00Z", 2001, { name: "B", email: "b@x.de" });
    await sim.flushWebhooks();
    expect(hook.received).toEqual([]);
    expect(sim.webhookDeliveries).toEqual([]);
  });

  it("records a receiver's error status", async () => {
    const failing = await receiver(500);
    const sim = createSimulator(demoFixture(), {
      now,
      webhooks: [{ teamId: 1001, url: failing.url, secret: "x" }],
    });
    expect((await book(sim.app, nine, 2001, { name: "A", email: "a@x.de" })).status).toBe(201);
    await sim.flushWebhooks();
    expect(failing.received).toHaveLength(1);
    expect(sim.webhookDeliveries).toMatchObject([{ status: 500, error: null }]);
  });
});
