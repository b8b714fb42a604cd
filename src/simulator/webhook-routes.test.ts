import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { call, dentalKey, salonKey } from "./test-helpers.ts";

const now = () => new Date("2026-10-19T06:00:00Z");
const hooks = (eventTypeId: number) => `/v2/event-types/${eventTypeId}/webhooks`;
const ours = {
  subscriberUrl: "https://frontdesk.example/webhooks/calcom/salon",
  active: true,
  triggers: ["BOOKING_CREATED", "BOOKING_CANCELLED"],
  secret: "whsec_1",
};

describe("event type webhooks", () => {
  it("creates, lists, reads, updates and deletes, never showing the secret", async () => {
    const sim = createSimulator(demoFixture(), { now });
    const created = await call(sim.app, hooks(2001), { method: "POST", key: salonKey, body: ours });
    expect(created.status).toBe(201);
    const hook = created.json.data;
    expect(hook).toEqual({
      id: expect.any(String),
      eventTypeId: 2001,
      subscriberUrl: ours.subscriberUrl,
      active: true,
      triggers: ["BOOKING_CREATED", "BOOKING_CANCELLED"],
      payloadTemplate: null,
    });

    const listed = await call(sim.app, hooks(2001), { key: salonKey });
    expect(listed.json).toEqual({ status: "success", data: [hook] });
    expect((await call(sim.app, hooks(2002), { key: salonKey })).json.data).toEqual([]);
    expect((await call(sim.app, `${hooks(2001)}/${hook.id}`, { key: salonKey })).json.data).toEqual(
      hook,
    );

    const patched = await call(sim.app, `${hooks(2001)}/${hook.id}`, {
      method: "PATCH",
      key: salonKey,
      body: { active: false, triggers: ["BOOKING_REQUESTED"], secret: "whsec_2" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.data).toEqual({ ...hook, active: false, triggers: ["BOOKING_REQUESTED"] });

    const deleted = await call(sim.app, `${hooks(2001)}/${hook.id}`, {
      method: "DELETE",
      key: salonKey,
    });
    expect(deleted.json.data.id).toBe(hook.id);
    expect((await call(sim.app, hooks(2001), { key: salonKey })).json.data).toEqual([]);
  });

  it("pages with take and skip, and deletes all of an event type's webhooks at once", async () => {
    const sim = createSimulator(demoFixture(), { now });
    for (const n of [1, 2, 3]) {
      await call(sim.app, hooks(2001), {
        method: "POST",
        key: salonKey,
        body: { ...ours, subscriberUrl: `https://r${n}.example/hook` },
      });
    }
    const page = await call(sim.app, `${hooks(2001)}?take=2&skip=1`, { key: salonKey });
    expect(page.json.data.map((h: { subscriberUrl: string }) => h.subscriberUrl)).toEqual([
      "https://r2.example/hook",
      "https://r3.example/hook",
    ]);
    expect((await call(sim.app, `${hooks(2001)}?take=0`, { key: salonKey })).status).toBe(400);
    const all = await call(sim.app, hooks(2001), { method: "DELETE", key: salonKey });
    expect(all.json).toEqual({ status: "success", data: "3 webhooks deleted" });
  });

  it("refuses a second webhook with the same subscriber URL on the event type (409)", async () => {
    const sim = createSimulator(demoFixture(), { now });
    await call(sim.app, hooks(2001), { method: "POST", key: salonKey, body: ours });
    const again = await call(sim.app, hooks(2001), { method: "POST", key: salonKey, body: ours });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("ConflictException");
    // The same URL on another event type is another webhook.
    const other = await call(sim.app, hooks(2002), { method: "POST", key: salonKey, body: ours });
    expect(other.status).toBe(201);
  });

  it("validates the body: triggers is an array of known names", async () => {
    const sim = createSimulator(demoFixture(), { now });
    for (const body of [
      { ...ours, triggers: "BOOKING_CREATED" },
      { ...ours, triggers: ["BOOKING_CONFIRMED"] },
      { ...ours, active: undefined },
      { ...ours, subscriberUrl: "not a url" },
    ]) {
      const res = await call(sim.app, hooks(2001), { method: "POST", key: salonKey, body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("BadRequestException");
    }
  });

  it("needs the key of the event type's team: 401 without, 404 unknown, 403 another team's", async () => {
    const sim = createSimulator(demoFixture(), { now });
    const hook = (await call(sim.app, hooks(2001), { method: "POST", key: salonKey, body: ours }))
      .json.data;
    expect((await call(sim.app, hooks(2001))).status).toBe(401);
    expect((await call(sim.app, hooks(2001), { key: "cal_test_unknown" })).status).toBe(401);
    expect((await call(sim.app, hooks(999_999), { key: salonKey })).status).toBe(404);
    for (const [path, method] of [
      [hooks(2001), "GET"],
      [hooks(2001), "POST"],
      [hooks(2001), "DELETE"],
      [`${hooks(2001)}/${hook.id}`, "GET"],
      [`${hooks(2001)}/${hook.id}`, "PATCH"],
      [`${hooks(2001)}/${hook.id}`, "DELETE"],
    ] as const) {
      const body = method === "GET" ? undefined : ours;
      const res = await call(sim.app, path, { method, key: dentalKey, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // The dental team's own event type does not reach the salon's webhook either.
    const crossed = await call(sim.app, `${hooks(2101)}/${hook.id}`, { key: dentalKey });
    expect(crossed.status).toBe(403);
    expect((await call(sim.app, `${hooks(2001)}/nope`, { key: salonKey })).status).toBe(404);
    expect((await call(sim.app, hooks(2001), { key: salonKey })).json.data).toHaveLength(1);
  });
});
