import type { Kysely, Selectable } from "kysely";
import type { Company, Locale } from "../../domain/entities.ts";
import { ConflictError } from "../../domain/errors.ts";
import type { CompanyRepository, NewCompany } from "../../domain/ports.ts";
import { Secret } from "../../domain/secret.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import type { SecretBox } from "../../platform/secret-box.ts";
import { isUniqueViolation } from "../errors.ts";
import type { CompanyTable, DB } from "../tables.ts";

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
    },
    thresholds: { auto: row.auto_threshold, suggest: row.suggest_threshold },
    notifyEmail: row.notify_email,
    notifyWebhookUrl: row.notify_webhook_url,
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
  };
}
