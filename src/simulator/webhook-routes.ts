import { type Context, Hono } from "hono";
import { z } from "zod";
import { conflict, forbidden, notFound } from "./http-errors.ts";
import { intParam, jsonBody, requireKey, validate } from "./request-helpers.ts";
import type { SimState } from "./state.ts";
import { type EventTypeWebhook, type WebhookDispatcher, webhookTriggers } from "./webhooks.ts";

/**
 * EventTypeWebhookOutputDto as Cal.com's code sends it: the id is a string (the document says
 * number), the triggers are strings (it says objects) and the secret is never shown.
 */
function webhookOutput(hook: EventTypeWebhook) {
  return {
    id: hook.id,
    eventTypeId: hook.eventTypeId,
    subscriberUrl: hook.subscriberUrl,
    active: hook.active,
    triggers: hook.triggers,
    payloadTemplate: hook.payloadTemplate,
  };
}

const intString = (name: string, min: number, max?: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be an integer number`)
    .transform(Number)
    .refine((n) => n >= min, `${name} must not be less than ${min}`)
    .refine((n) => max === undefined || n <= max, `${name} must not be greater than ${max}`);

const listQuery = z.object({
  take: intString("take", 1, 250).optional(),
  skip: intString("skip", 0).optional(),
});

// `triggers` is an array, though the document types it as a single string.
const fields = {
  subscriberUrl: z.url({ message: "subscriberUrl must be a URL address" }),
  active: z.boolean({ message: "active must be a boolean value" }),
  triggers: z.array(z.enum(webhookTriggers), {
    message: "each value in triggers must be one of the following values",
  }),
  secret: z.string().optional(),
  payloadTemplate: z.string().optional(),
};
const createInput = z.object(fields);
const updateInput = z.object(fields).partial();

/**
 * `/v2/event-types/{eventTypeId}/webhooks`: a webhook per event type, administered with the key
 * of the event type's team. An unknown event type is a 404, another team's a 403, and a webhook
 * of another event type a 403, as Cal.com's guard has it.
 */
export function eventTypeWebhookRoutes(state: SimState, webhooks: WebhookDispatcher): Hono {
  const routes = new Hono();

  const guard = (c: Context): number => {
    const key = requireKey(c, state);
    const eventTypeId = intParam(c.req.param("eventTypeId") ?? "");
    const record = state.eventTypes.get(eventTypeId);
    if (!record) throw notFound(`Event type (${eventTypeId}) not found`);
    if (!state.keyTeams(key)?.has(record.team.team.id)) {
      throw forbidden(`The API key is not an admin of the team of event type (${eventTypeId})`);
    }
    return eventTypeId;
  };

  const guardHook = (c: Context): EventTypeWebhook => {
    const eventTypeId = guard(c);
    const webhookId = c.req.param("webhookId") ?? "";
    const hook = webhooks.findHook(webhookId);
    if (!hook) throw notFound(`Webhook (${webhookId}) not found`);
    if (hook.eventTypeId !== eventTypeId) {
      throw forbidden(`Webhook (${webhookId}) is not associated with event type (${eventTypeId})`);
    }
    return hook;
  };

  const taken = (eventTypeId: number, url: string, except?: string) =>
    webhooks.listHooks(eventTypeId).some((h) => h.subscriberUrl === url && h.id !== except);
  const duplicate = () =>
    conflict("Webhook with this subscriber url already exists for this event type");

  routes.post("/:eventTypeId/webhooks", async (c) => {
    const eventTypeId = guard(c);
    const input = validate(createInput, await jsonBody(c));
    if (taken(eventTypeId, input.subscriberUrl)) throw duplicate();
    const hook = webhooks.createHook(eventTypeId, {
      subscriberUrl: input.subscriberUrl,
      active: input.active,
      triggers: [...new Set(input.triggers)],
      secret: input.secret ?? null,
      payloadTemplate: input.payloadTemplate ?? null,
    });
    return c.json({ status: "success", data: webhookOutput(hook) }, 201);
  });

  routes.get("/:eventTypeId/webhooks", (c) => {
    const eventTypeId = guard(c);
    const { take = 250, skip = 0 } = validate(listQuery, c.req.query());
    const page = webhooks.listHooks(eventTypeId).slice(skip, skip + take);
    return c.json({ status: "success", data: page.map(webhookOutput) });
  });

  routes.delete("/:eventTypeId/webhooks", (c) => {
    const eventTypeId = guard(c);
    const ids = webhooks.listHooks(eventTypeId).map((h) => h.id);
    webhooks.removeHooks(ids);
    return c.json({ status: "success", data: `${ids.length} webhooks deleted` });
  });

  routes.get("/:eventTypeId/webhooks/:webhookId", (c) =>
    c.json({ status: "success", data: webhookOutput(guardHook(c)) }),
  );

  routes.patch("/:eventTypeId/webhooks/:webhookId", async (c) => {
    const hook = guardHook(c);
    const input = validate(updateInput, await jsonBody(c));
    if (input.subscriberUrl !== undefined && taken(hook.eventTypeId, input.subscriberUrl, hook.id))
      throw duplicate();
    const updated = webhooks.updateHook(hook.id, {
      ...input,
      triggers: input.triggers && [...new Set(input.triggers)],
    });
    return c.json({ status: "success", data: webhookOutput(updated) });
  });

  routes.delete("/:eventTypeId/webhooks/:webhookId", (c) => {
    const hook = guardHook(c);
    webhooks.removeHooks([hook.id]);
    return c.json({ status: "success", data: webhookOutput(hook) });
  });

  return routes;
}
