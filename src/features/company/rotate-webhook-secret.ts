import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Company, TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { Store } from "../../domain/ports/store.ts";
import { Secret } from "../../domain/secret.ts";
import { rotateWebhookSecret } from "../../domain/webhook-secret.ts";
import type { Clock } from "../../platform/clock.ts";
import { parseInput } from "../parse-input.ts";
import { companySettingsInput } from "./update-company-settings.ts";

/** A Cal.com webhook secret: 24 random bytes, URL-safe. */
const newWebhookSecret = () => randomBytes(24).toString("base64url");

/** The new secret, when the operator chose it (the CLI); otherwise one is generated. */
export const rotateWebhookSecretInput = z.object({
  secret: companySettingsInput.shape.calcomWebhookSecret.unwrap().unwrap().optional(),
});

/**
 * A new Cal.com webhook secret; the one it replaces still verifies deliveries for 24 hours
 * (`domain/webhook-secret.ts`), so Cal.com keeps getting through until the operator has pasted
 * the new one there. The change and its audit row commit together; the webhooks Frontdesk
 * installed in Cal.com are then given the new secret.
 */
export function makeRotateWebhookSecret(deps: {
  store: Pick<Store, "transaction">;
  clock: Clock;
  /** Best effort after the commit, it never throws (the catalogue logs its failures). */
  reinstallWebhooks?: (ctx: TenantContext) => Promise<void>;
}) {
  return async (
    ctx: TenantContext,
    raw: z.input<typeof rotateWebhookSecretInput> = {},
  ): Promise<Company> => {
    const input = parseInput(rotateWebhookSecretInput, raw, "webhook secret");
    const now = deps.clock.now();
    const company = await deps.store.transaction(async (tx) => {
      // Rotates what is stored, not what the caller read earlier.
      const stored = await tx.companies.findById(ctx.company.id);
      if (!stored) throw new NotFoundError(`company ${ctx.company.id} not found`);
      const rotated = rotateWebhookSecret(
        stored.calcom.webhookSecret,
        new Secret(input.secret ?? newWebhookSecret()),
        now,
      );
      const company = await tx.companies.update(stored.id, {
        calcomWebhookSecret: rotated.webhookSecret,
        previousWebhookSecret: rotated.previousWebhookSecret,
      });
      await tx.companies.addAudit(stored.id, {
        action: "webhook_secret_rotated",
        actor: ctx.actor,
        at: now.toISOString(),
      });
      return company;
    });
    await deps.reinstallWebhooks?.({ ...ctx, company });
    return company;
  };
}
