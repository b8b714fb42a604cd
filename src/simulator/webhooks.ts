import { createHmac } from "node:crypto";
import type { WebhookTrigger } from "./booking-views.ts";

export interface WebhookTarget {
  url: string;
  secret: string | null;
}

/** One attempt to deliver a webhook, kept so tests can see what was sent and how it went. */
export interface WebhookDelivery {
  teamId: number;
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
 * Sends booking webhooks in the background; the API response never waits for them. Like
 * Cal.com, each webhook is sent once: a failed delivery (network error, 4xx, 5xx) is recorded and
 * never retried. A drop rate loses some deliveries on purpose, chosen by a seeded generator.
 */
export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly targets = new Map<number, WebhookTarget>();
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

  send(teamId: number, triggerEvent: WebhookTrigger, payload: unknown): void {
    const target = this.targets.get(teamId);
    if (!target) return;
    const at = this.now().toISOString();
    const body = JSON.stringify({ triggerEvent, createdAt: at, payload });
    const delivery: WebhookDelivery = {
      teamId,
      triggerEvent,
      url: target.url,
      body,
      signature: calSignature(body, target.secret),
      status: null,
      error: null,
      dropped: this.dropRate > 0 && this.random() < this.dropRate,
      at,
    };
    this.deliveries.push(delivery);
    if (delivery.dropped) return;
    const attempt = this.deliver(delivery).finally(() => this.pending.delete(attempt));
    this.pending.add(attempt);
  }

  /** Resolves once every delivery started so far (and any started meanwhile) has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
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
