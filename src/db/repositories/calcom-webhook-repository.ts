import type { Kysely } from "kysely";
import type { CalcomWebhookRepository } from "../../domain/ports/calcom-webhooks.ts";
import type { DB } from "../tables.ts";

export function createCalcomWebhookRepository(db: Kysely<DB>): CalcomWebhookRepository {
  return {
    async list(companyId) {
      const rows = await db
        .selectFrom("calcom_webhook")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("event_type_id")
        .execute();
      return rows.map((row) => ({
        eventTypeId: Number(row.event_type_id),
        webhookId: row.webhook_id,
        subscriberUrl: row.subscriber_url,
        secretFingerprint: row.secret_fingerprint,
        // PostgreSQL hands timestamptz back as a Date, SQLite as the stored text.
        installedAt: new Date(row.installed_at).toISOString(),
      }));
    },
    async save(companyId, webhook) {
      const columns = {
        webhook_id: webhook.webhookId,
        subscriber_url: webhook.subscriberUrl,
        secret_fingerprint: webhook.secretFingerprint,
        installed_at: webhook.installedAt,
      };
      await db
        .insertInto("calcom_webhook")
        .values({ company_id: companyId, event_type_id: webhook.eventTypeId, ...columns })
        .onConflict((oc) => oc.columns(["company_id", "event_type_id"]).doUpdateSet(columns))
        .execute();
    },
  };
}
