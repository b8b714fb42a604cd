import { createHmac, randomUUID } from "node:crypto";
import type { WebhookTrigger } from "./booking-views.ts";

/** A team-wide receiver: the stand-in for an organization webhook an operator registered. */
export interface WebhookTarget {
  url: string;
  secret: string | null;
}

/** Every trigger Cal.com's webhook form offers (prisma `WebhookTriggerEvents`). */
export const webhookTriggers = [
  "BOOKING_CREATED",
  "BOOKING_PAYMENT_INITIATED",
  "BOOKING_PAID",
  "BOOKING_RESCHEDULED",
  "BOOKING_REQUESTED",
  "BOOKING_CANCELLED",
  "BOOKING_REJECTED",
  "BOOKING_NO_SHOW_UPDATED",
  "FORM_SUBMITTED",
  "MEETING_ENDED",
  "MEETING_STARTED",
  "RECORDING_READY",
  "INSTANT_MEETING",
  "RECORDING_TRANSCRIPTION_GENERATED",
  "OOO_CREATED",
  "AFTER_HOSTS_CAL_VIDEO_NO_SHOW",
  "AFTER_GUESTS_CAL_VIDEO_NO_SHOW",
  "FORM_SUBMITTED_NO_EVENT",
] as const;

export type AnyWebhookTrigger = (typeof webhookTriggers)[number];

/** A webhook registered on one event type through `/v2/event-types/{id}/webhooks`. */
export interface EventTypeWebhook {
  id: string;
  eventTypeId: number;
  subscriberUrl: string;
  active: boolean;
  triggers: AnyWebhookTrigger[];
  secret: string | null;
  payloadTemplate: string | null;
}

/** One attempt to deliver a webhook, kept so tests can see what was sent and how it went. */
export interface WebhookDelivery {
  teamId: number;
  /** The event type webhook it went through; null for the team's target. */
  webhookId: string | null;
  triggerEvent: WebhookTrigger;
  url: string;
  /** The exact raw body that was signed and sent. */
  body: string;
  signature: string;
  /** The receiver's HTTP status, or null when the request failed or was never made. */
  status: number | null;
  error: string | null;
  /** Lost on the way (the drop rate): never sent, and never retried. */
  dropped: boolean;
  at: string;
}

/** `X-Cal-Signature-256`: lowercase hex HMAC-SHA256 of the raw body; a fixed marker without a secret. */
export function calSignature(body: string, secret: string | null): string {
  return secret === null
    ? "no-secret-provided"
    : createHmac("sha256", secret).update(body).digest("hex");
}

const deliveryTimeoutMs = 10_000;

function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new RangeError(`webhookDropRate must be between 0 and 1, got ${rate}`);
  }
  return rate;
}

/**
 * Sends booking webhooks in the background; the API response never waits for them. A booking
 * event goes to every active webhook of its event type whose triggers include it, each signed
 * with its own secret, and to the team's target if one is set. Like Cal.com, each is sent once:
 * a failed delivery (network error, 4xx, 5xx) is recorded and never retried. A drop rate loses
 * some deliveries on purpose, chosen by a seeded generator.
 */
export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly targets = new Map<number, WebhookTarget>();
  /** In creation order, as Cal.com lists them. */
  private readonly hooks = new Map<string, EventTypeWebhook>();
  private readonly listeners: ((eventTypeId: number) => void)[] = [];
  private readonly pending = new Set<Promise<void>>();
  private dropRate: number;

  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly now: () => Date,
    private readonly random: () => number = Math.random,
    dropRate = 0,
  ) {
    this.dropRate = checkRate(dropRate);
  }

  setDropRate(rate: number): void {
    this.dropRate = checkRate(rate);
  }

  setTarget(teamId: number, target: WebhookTarget | null): void {
    if (target) this.targets.set(teamId, { ...target });
    else this.targets.delete(teamId);
  }

  /** Told of every change to an event type's webhooks (the created teams file keeps them). */
  onHooksChanged(listener: (eventTypeId: number) => void): void {
    this.listeners.push(listener);
  }

  listHooks(eventTypeId: number): EventTypeWebhook[] {
    return [...this.hooks.values()].filter((h) => h.eventTypeId === eventTypeId).map(copyHook);
  }

  findHook(id: string): EventTypeWebhook | undefined {
    const hook = this.hooks.get(id);
    return hook && copyHook(hook);
  }

  createHook(eventTypeId: number, input: Omit<EventTypeWebhook, "id" | "eventTypeId">) {
    return this.putHook({ ...input, id: randomUUID(), eventTypeId });
  }

  /** Puts a webhook back as it was saved (same id), e.g. when the simulator restarts. */
  restoreHook(hook: EventTypeWebhook): void {
    this.hooks.set(hook.id, copyHook(hook));
  }

  updateHook(id: string, patch: Partial<Omit<EventTypeWebhook, "id" | "eventTypeId">>) {
    const hook = this.hooks.get(id);
    if (!hook) throw new RangeError(`no webhook ${id}`);
    const defined = Object.entries(patch).filter(([, value]) => value !== undefined);
    return this.putHook({ ...hook, ...Object.fromEntries(defined) });
  }

  removeHooks(ids: string[]): void {
    const eventTypeIds = new Set<number>();
    for (const id of ids) {
      const hook = this.hooks.get(id);
      if (!hook) continue;
      this.hooks.delete(id);
      eventTypeIds.add(hook.eventTypeId);
    }
    for (const eventTypeId of eventTypeIds) this.changed(eventTypeId);
  }

  send(
    teamId: number,
    triggerEvent: WebhookTrigger,
    payload: { eventTypeId: number | null },
  ): void {
    const receivers: { webhookId: string | null; url: string; secret: string | null }[] = [];
    for (const hook of this.hooks.values()) {
      if (hook.eventTypeId !== payload.eventTypeId || !hook.active) continue;
      if (!hook.triggers.includes(triggerEvent)) continue;
      receivers.push({ webhookId: hook.id, url: hook.subscriberUrl, secret: hook.secret });
    }
    const target = this.targets.get(teamId);
    if (target) receivers.push({ webhookId: null, ...target });
    if (receivers.length === 0) return;
    const at = this.now().toISOString();
    const body = JSON.stringify({ triggerEvent, createdAt: at, payload });
    for (const receiver of receivers) {
      const delivery: WebhookDelivery = {
        teamId,
        webhookId: receiver.webhookId,
        triggerEvent,
        url: receiver.url,
        body,
        signature: calSignature(body, receiver.secret),
        status: null,
        error: null,
        dropped: this.dropRate > 0 && this.random() < this.dropRate,
        at,
      };
      this.deliveries.push(delivery);
      if (delivery.dropped) continue;
      const attempt = this.deliver(delivery).finally(() => this.pending.delete(attempt));
      this.pending.add(attempt);
    }
  }

  /** Resolves once every delivery started so far (and any started meanwhile) has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private putHook(hook: EventTypeWebhook): EventTypeWebhook {
    this.hooks.set(hook.id, copyHook(hook));
    this.changed(hook.eventTypeId);
    return copyHook(hook);
  }

  private changed(eventTypeId: number): void {
    for (const listener of this.listeners) listener(eventTypeId);
  }

  /** Exactly one attempt, whatever comes back. */
  private async deliver(delivery: WebhookDelivery): Promise<void> {
    try {
      const response = await this.fetchImpl(delivery.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Cal-Signature-256": delivery.signature,
        },
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.timeout(deliveryTimeoutMs),
      });
      delivery.status = response.status;
      await response.body?.cancel();
    } catch (error) {
      // A failing receiver must never break the simulator; the attempt stays on record.
      delivery.error = error instanceof Error ? error.message : String(error);
    }
  }
}

const copyHook = (hook: EventTypeWebhook): EventTypeWebhook => ({
  ...hook,
  triggers: [...hook.triggers],
});
