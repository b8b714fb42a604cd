import type { TenantContext } from "../../domain/entities.ts";
import { previousSecretInForce } from "../../domain/webhook-secret.ts";
import type { Clock } from "../../platform/clock.ts";

/** Until when the secret the last rotation replaced is still accepted; null once it is not. */
export function makeWebhookSecretWindow(deps: { clock: Clock }) {
  return (ctx: TenantContext): { previousValidUntil: string | null } => ({
    previousValidUntil:
      previousSecretInForce(ctx.company.calcom, deps.clock.now())?.validUntil ?? null,
  });
}
