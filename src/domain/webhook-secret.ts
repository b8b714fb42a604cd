import type { CalcomConnection, PreviousWebhookSecret } from "./entities.ts";
import type { Secret } from "./secret.ts";

/**
 * How long the secret a rotation replaced still verifies Cal.com deliveries: Cal.com signs with
 * it until the operator pastes the new one there, and a day is time enough to do so.
 */
export const previousSecretOverlapMs = 24 * 60 * 60 * 1000;

/** Which secret signed a delivery. */
export type WebhookSecretUse = "current" | "previous";

/** The secrets a delivery may be signed with at `now`: the current one first. */
export function acceptedWebhookSecrets(
  calcom: Pick<CalcomConnection, "webhookSecret" | "previousWebhookSecret">,
  now: Date,
): { secret: Secret; use: WebhookSecretUse }[] {
  const accepted: { secret: Secret; use: WebhookSecretUse }[] = [];
  if (calcom.webhookSecret) accepted.push({ secret: calcom.webhookSecret, use: "current" });
  const previous = previousSecretInForce(calcom, now);
  if (previous) accepted.push({ secret: previous.secret, use: "previous" });
  return accepted;
}

/** The previous secret while its window lasts, else null. */
export function previousSecretInForce(
  calcom: Pick<CalcomConnection, "previousWebhookSecret">,
  now: Date,
): PreviousWebhookSecret | null {
  const previous = calcom.previousWebhookSecret;
  return previous && now.getTime() < Date.parse(previous.validUntil) ? previous : null;
}

/**
 * A rotation at `now`: the new secret is current, the replaced one stays valid for the overlap.
 * One previous secret is kept: a second rotation within the window drops the older one (the
 * console's confirmation says so).
 */
export function rotateWebhookSecret(
  current: Secret | null,
  next: Secret,
  now: Date,
): { webhookSecret: Secret; previousWebhookSecret: PreviousWebhookSecret | null } {
  return {
    webhookSecret: next,
    previousWebhookSecret: current
      ? {
          secret: current,
          validUntil: new Date(now.getTime() + previousSecretOverlapMs).toISOString(),
        }
      : null,
  };
}
