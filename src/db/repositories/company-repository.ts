import type { Kysely, Selectable, Updateable } from "kysely";
import type { ChosenHostsSupport, Company, Locale } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type {
  CompanyAuditEntry,
  CompanyRepository,
  NewCompany,
} from "../../domain/ports/company.ts";
import { Secret } from "../../domain/secret.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import type { SecretBox } from "../../platform/secret-box.ts";
import { isUniqueViolation } from "../errors.ts";
import type { CompanyTable, DB } from "../tables.ts";
import { actorId, toActor } from "./actor-columns.ts";

export interface RepositoryDeps {
  clock: Clock;
  newId: IdGenerator;
  secretBox: SecretBox;
}

export function createCompanyRepository(db: Kysely<DB>, deps: RepositoryDeps): CompanyRepository {
  const open = (sealed: string | null) =>
    sealed ? new Secret(deps.secretBox.decrypt(sealed)) : null;
  const seal = (secret: Secret | null) => (secret ? deps.secretBox.encrypt(secret.reveal()) : null);

  const toCompany = (row: Selectable<CompanyTable>): Company => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    timezone: row.timezone,
    locale: row.locale as Locale,
    country: row.country,
    calcom: {
      baseUrl: row.calcom_base_url,
      teamId: row.calcom_team_id,
      apiKey: open(row.calcom_api_key_enc),
      webhookSecret: open(row.calcom_webhook_secret_enc),
      previousWebhookSecret:
        row.calcom_previous_webhook_secret_enc && row.calcom_previous_webhook_secret_until
          ? {
              secret: new Secret(deps.secretBox.decrypt(row.calcom_previous_webhook_secret_enc)),
              validUntil: row.calcom_previous_webhook_secret_until,
            }
          : null,
      chosenHosts: (row.calcom_chosen_hosts as ChosenHostsSupport) ?? null,
    },
    thresholds: { auto: row.auto_threshold, suggest: row.suggest_threshold },
    notifyEmail: row.notify_email,
    notifyWebhookUrl: row.notify_webhook_url,
    transferNumber: row.transfer_number ?? null,
    retell: { llmId: row.retell_llm_id ?? null, agentId: row.retell_agent_id ?? null },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  return {
    async create(input: NewCompany) {
      const now = deps.clock.now().toISOString();
      try {
        const row = await db
          .insertInto("company")
          .values({
            id: deps.newId(),
            name: input.name,
            slug: input.slug,
            timezone: input.timezone,
            locale: input.locale,
            country: input.country,
            calcom_base_url: input.calcomBaseUrl,
            calcom_team_id: input.calcomTeamId,
            calcom_api_key_enc: seal(input.calcomApiKey),
            calcom_webhook_secret_enc: seal(input.calcomWebhookSecret),
            auto_threshold: input.thresholds.auto,
            suggest_threshold: input.thresholds.suggest,
            notify_email: null,
            notify_webhook_url: null,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toCompany(row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`a company with the slug "${input.slug}" already exists`);
        }
        throw error;
      }
    },

    async update(companyId, patch) {
      const set: Updateable<CompanyTable> = { updated_at: deps.clock.now().toISOString() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.slug !== undefined) set.slug = patch.slug;
      if (patch.timezone !== undefined) set.timezone = patch.timezone;
      if (patch.locale !== undefined) set.locale = patch.locale;
      if (patch.country !== undefined) set.country = patch.country;
      if (patch.calcomBaseUrl !== undefined) set.calcom_base_url = patch.calcomBaseUrl;
      if (patch.calcomTeamId !== undefined) set.calcom_team_id = patch.calcomTeamId;
      if (patch.calcomApiKey !== undefined) set.calcom_api_key_enc = seal(patch.calcomApiKey);
      if (patch.calcomWebhookSecret !== undefined)
        set.calcom_webhook_secret_enc = seal(patch.calcomWebhookSecret);
      if (patch.previousWebhookSecret !== undefined) {
        set.calcom_previous_webhook_secret_enc = seal(patch.previousWebhookSecret?.secret ?? null);
        set.calcom_previous_webhook_secret_until = patch.previousWebhookSecret?.validUntil ?? null;
      }
      if (patch.thresholds !== undefined) {
        set.auto_threshold = patch.thresholds.auto;
        set.suggest_threshold = patch.thresholds.suggest;
      }
      if (patch.notifyEmail !== undefined) set.notify_email = patch.notifyEmail;
      if (patch.notifyWebhookUrl !== undefined) set.notify_webhook_url = patch.notifyWebhookUrl;
      if (patch.transferNumber !== undefined) set.transfer_number = patch.transferNumber;
      if (patch.calcomChosenHosts !== undefined) set.calcom_chosen_hosts = patch.calcomChosenHosts;
      if (patch.retellLlmId !== undefined) set.retell_llm_id = patch.retellLlmId;
      if (patch.retellAgentId !== undefined) set.retell_agent_id = patch.retellAgentId;
      try {
        const row = await db
          .updateTable("company")
          .set(set)
          .where("id", "=", companyId)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new NotFoundError(`company ${companyId} not found`);
        return toCompany(row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`a company with the slug "${patch.slug}" already exists`);
        throw error;
      }
    },

    async list() {
      const rows = await db
        .selectFrom("company")
        .selectAll()
        .orderBy("name")
        .orderBy("id")
        .execute();
      return rows.map(toCompany);
    },

    async findBySlug(slug) {
      const row = await db
        .selectFrom("company")
        .selectAll()
        .where("slug", "=", slug)
        .executeTakeFirst();
      return row ? toCompany(row) : null;
    },

    async findById(companyId) {
      const row = await db
        .selectFrom("company")
        .selectAll()
        .where("id", "=", companyId)
        .executeTakeFirst();
      return row ? toCompany(row) : null;
    },

    async findByCalcomTeam(baseUrl, teamId, exceptId) {
      let query = db
        .selectFrom("company")
        .selectAll()
        .where("calcom_base_url", "=", baseUrl)
        .where("calcom_team_id", "=", teamId);
      if (exceptId !== null) query = query.where("id", "<>", exceptId);
      const rows = await query.orderBy("slug").execute();
      return rows.map(toCompany);
    },

    async addAudit(companyId, entry) {
      await db
        .insertInto("company_audit")
        .values({
          id: deps.newId(),
          company_id: companyId,
          action: entry.action,
          fields: entry.fields?.length ? entry.fields.join(",") : null,
          actor_type: entry.actor.type,
          actor_id: actorId(entry.actor),
          created_at: entry.at,
        })
        .execute();
    },

    async listAudit(companyId, limit) {
      const rows = await db
        .selectFrom("company_audit")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        action: r.action as CompanyAuditEntry["action"],
        fields: r.fields ? r.fields.split(",") : [],
        actor: toActor(r.actor_type, r.actor_id),
        at: r.created_at,
      }));
    },
  };
}
