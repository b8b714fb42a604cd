import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { InboxRepository } from "../../domain/ports/appointments.ts";
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
          signed_with_previous: event.signedWithPrevious ?? false,
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
    async listContaining(companyId, needles) {
      const wanted = needles.filter((n) => n.length > 0);
      if (wanted.length === 0) return [];
      const rows = await db
        .selectFrom("inbox_event")
        .select([
          "id",
          "provider",
          "event_type",
          "received_at",
          "processed_at",
          "outcome",
          "payload",
        ])
        .where("company_id", "=", companyId)
        .where("redacted_at", "is", null)
        .where((eb) =>
          eb.or(
            wanted.map(
              (n) =>
                sql<boolean>`lower(payload) like ${`%${escapeLike(n.toLowerCase())}%`} escape '!'`,
            ),
          ),
        )
        .orderBy("received_at")
        .orderBy("id")
        .execute();
      return rows.map((r) => ({
        id: r.id,
        provider: r.provider,
        eventType: r.event_type,
        receivedAt: r.received_at,
        processedAt: r.processed_at,
        outcome: r.outcome,
        payload: r.payload,
      }));
    },
    async listRecent(companyId, page) {
      const { after } = page;
      const rows = await db
        .selectFrom("inbox_event")
        .select([
          "id",
          "provider",
          "event_type",
          "dedupe_key",
          "received_at",
          "processed_at",
          "outcome",
          "redacted_at",
          "signed_with_previous",
        ])
        .where("company_id", "=", companyId)
        .$if(page.provider !== undefined, (q) => q.where("provider", "=", page.provider!))
        .$if(page.outcome !== undefined, (q) => q.where("outcome", "=", page.outcome!))
        .$if(after !== undefined, (q) =>
          q.where((eb) =>
            eb.or([
              eb("received_at", "<", after!.receivedAt),
              eb.and([eb("received_at", "=", after!.receivedAt), eb("id", "<", after!.id)]),
            ]),
          ),
        )
        .orderBy("received_at", "desc")
        .orderBy("id", "desc")
        .limit(page.limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        provider: r.provider,
        eventType: r.event_type,
        dedupeKey: r.dedupe_key,
        receivedAt: r.received_at,
        processedAt: r.processed_at,
        outcome: r.outcome,
        redacted: r.redacted_at !== null,
        signedWithPrevious: Boolean(r.signed_with_previous),
      }));
    },
    async redact(companyId, ids, at) {
      if (ids.length === 0) return 0;
      const rows = await db
        .selectFrom("inbox_event")
        .select(["id", "payload"])
        .where("company_id", "=", companyId)
        .where("id", "in", ids)
        .where("redacted_at", "is", null)
        .execute();
      return redactRows(companyId, rows, at);
    },
    async redactReceivedBefore(companyId, before, at, limit) {
      const rows = await db
        .selectFrom("inbox_event")
        .select(["id", "payload"])
        .where("company_id", "=", companyId)
        .where("received_at", "<", before)
        .where("redacted_at", "is", null)
        .orderBy("received_at")
        .limit(limit)
        .execute();
      return redactRows(companyId, rows, at);
    },
  };

  /** Only the digest of what was received stays (the outcome and times are kept as they are). */
  async function redactRows(
    companyId: string,
    rows: { id: string; payload: string }[],
    at: string,
  ): Promise<number> {
    for (const row of rows) {
      await db
        .updateTable("inbox_event")
        .set({
          payload: "",
          payload_sha256: createHash("sha256").update(row.payload).digest("hex"),
          redacted_at: at,
        })
        .where("company_id", "=", companyId)
        .where("id", "=", row.id)
        .execute();
    }
    return rows.length;
  }
}

/** A LIKE pattern that matches the text literally (escape character "!"). */
function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
