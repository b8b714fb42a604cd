import { describe, expect, it } from "vitest";
import type { Company } from "../domain/entities.ts";
import { Secret } from "../domain/secret.ts";
import { createSimulator, demoFixture } from "../simulator/index.ts";
import { createCalcomEventTypeWebhooks } from "./event-type-webhooks.ts";
import { createRateLimiter } from "./rate-limiter.ts";

const company = (apiKey: string | null) =>
  ({
    name: "Salon",
    calcom: {
      baseUrl: "http://calcom.test",
      teamId: 1001,
      apiKey: apiKey === null ? null : new Secret(apiKey),
      webhookSecret: null,
    },
  }) as Company;

function setup() {
  const sim = createSimulator(demoFixture());
  const webhooks = createCalcomEventTypeWebhooks({
    fetch: async (input, init) => sim.app.request(input, init),
    sleep: async () => {},
    rateLimiter: createRateLimiter(),
  });
  return { sim, webhooks };
}

const hook = { subscriberUrl: "https://frontdesk.test/webhooks/calcom/salon", secret: "s" };
const triggers = ["BOOKING_CREATED"];

describe("the event type webhook adapter", () => {
  it("creates, lists and updates, counting every request", async () => {
    const { webhooks } = setup();
    const usage = { requests: 0 };
    const salon = company("cal_test_salon_beispiel");
    const created = await webhooks.create(salon, 2001, { ...hook, triggers }, usage);
    expect(created).toEqual({
      id: expect.any(String),
      subscriberUrl: hook.subscriberUrl,
      active: true,
      triggers,
    });
    const updated = await webhooks.update(
      salon,
      2001,
      created.id,
      { ...hook, triggers: ["BOOKING_CREATED", "BOOKING_CANCELLED"] },
      usage,
    );
    expect(updated.triggers).toEqual(["BOOKING_CREATED", "BOOKING_CANCELLED"]);
    expect(await webhooks.list(salon, 2001, usage)).toEqual([updated]);
    expect(usage.requests).toBe(3);
  });

  it("finds a webhook whose creation answer was lost instead of creating a second", async () => {
    const { sim, webhooks } = setup();
    sim.faults.inject({
      kind: "lost-answer",
      method: "POST",
      path: "/v2/event-types/2001/webhooks",
      delayMs: 10,
    });
    const salon = company("cal_test_salon_beispiel");
    const created = await webhooks.create(salon, 2001, { ...hook, triggers }, { requests: 0 });
    const listed = await webhooks.list(salon, 2001, { requests: 0 });
    expect(listed).toEqual([created]);
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("retries an update after a passing 500, and needs an API key", async () => {
    const { sim, webhooks } = setup();
    const salon = company("cal_test_salon_beispiel");
    const { id } = await webhooks.create(salon, 2001, { ...hook, triggers }, { requests: 0 });
    sim.faults.inject({ kind: "500", method: "PATCH" });
    const usage = { requests: 0 };
    await webhooks.update(salon, 2001, id, { ...hook, triggers }, usage);
    expect(usage.requests).toBe(2);
    await expect(webhooks.list(company(null), 2001, usage)).rejects.toThrow(/no Cal.com API key/);
  });
});
