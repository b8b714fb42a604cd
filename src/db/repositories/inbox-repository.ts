import { type Kysely, sql } from "kysely";
import type { InboxRepository } from "../../domain/ports.ts";
import type { DB } from "../tables.ts";
import type { RepositoryDeps } from "./company-repository.ts";

export function createInboxRepository(
  db: Kysely<DB>,
  deps: Pick<RepositoryDeps, "newId">,
): InboxRepository {
  return {
    async record(companyId, event) {
      const id = deps.newId();
      const inserted = await db
        .insertInto("inbox_event")
        .values({
          id,
          company_id: companyId,
          provider: event.provider,
          event_type: event.eventType,
          dedupe_key: event.dedupeKey,
          payload: event.payload,
          received_at: event.receivedAt,
          processed_at: null,
          outcome: null,
          error: null,
        })
        .onConflict((oc) => oc.columns(["company_id", "provider", "dedupe_key"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) return { id, duplicate: false };
      const existing = await db
        .selectFrom("inbox_event")
        .select("id")
        .where("company_id", "=", companyId)
        .where("provider", "=", event.provider)
        .where("dedupe_key", "=", event.dedupeKey)
        .executeTakeFirstOrThrow();
      return { id: existing.id, duplicate: true };
    },
    async markProcessed(companyId, id, outcome, error, at) {
      await db
        .updateTable("inbox_event")
        .set({ processed_at: at, outcome, error })
        .where("company_id", "=", companyId)
        .where("id", "=", id)
        .execute();
    },
    async markRetriable(companyId, id, outcome, error, at) {
      // The row stays as a record under a key of its own; the delivery's key is free again.
      await db
        .updateTable("inbox_event")
        .set({
          processed_at: at,
          outcome,
          error,
          dedupe_key: sql<string>`dedupe_key || ${`#retriable:${id}`}`,
        })
        .where("company_id", "=", companyId)
        .where("id", "=", id)
        .execute();
    },
    async find(companyId, provider, dedupeKey) {
      const row = await db
        .selectFrom("inbox_event")
        .select(["id", "outcome"])
        .where("company_id", "=", companyId)
        .where("provider", "=", provider)
        .where("dedupe_key", "=", dedupeKey)
        .executeTakeFirst();
      return row ?? null;
    },
  };
}
