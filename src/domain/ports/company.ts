import type {
  Actor,
  ChosenHostsSupport,
  Company,
  Locale,
  MatchThresholds,
  PhoneNumber,
  PreviousWebhookSecret,
} from "../entities.ts";
import type { Secret } from "../secret.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export interface NewCompany {
  name: string;
  slug: string;
  timezone: string;
  locale: Locale;
  country: string;
  calcomBaseUrl: string;
  calcomTeamId: number | null;
  calcomApiKey: Secret | null;
  calcomWebhookSecret: Secret | null;
  thresholds: MatchThresholds;
}

export type CompanyPatch = Partial<NewCompany> & {
  notifyEmail?: string | null;
  notifyWebhookUrl?: string | null;
  previousWebhookSecret?: PreviousWebhookSecret | null;
  transferNumber?: string | null;
  calcomChosenHosts?: ChosenHostsSupport;
  retellLlmId?: string | null;
  retellAgentId?: string | null;
};

/** A change of a company's settings, kept as who did what when (never the values). */
export interface CompanyAuditEntry {
  action: "webhook_secret_rotated" | "settings_changed";
  /** The settings a change touched, by name (never their values). */
  fields?: readonly string[];
  actor: Actor;
  at: string;
}

export interface CompanyRepository {
  create(input: NewCompany): Promise<Company>;
  update(companyId: string, patch: CompanyPatch): Promise<Company>;
  /** All tenants: for platform admins and the scheduler. */
  list(): Promise<Company[]>;
  findBySlug(slug: string): Promise<Company | null>;
  findById(companyId: string): Promise<Company | null>;
  /** Every company but `exceptId` wired to this Cal.com team: the same-team warning reads it. */
  findByCalcomTeam(baseUrl: string, teamId: number, exceptId: string | null): Promise<Company[]>;
  addAudit(companyId: string, entry: CompanyAuditEntry): Promise<void>;
  /** The company's settings changes, newest first. */
  listAudit(companyId: string, limit: number): Promise<CompanyAuditEntry[]>;
}

export interface PhoneNumberRepository {
  add(companyId: string, number: string, label: string | null): Promise<PhoneNumber>;
  list(companyId: string): Promise<PhoneNumber[]>;
  /** Routing lookup: which company does this E.164 number belong to? */
  findByNumber(number: string): Promise<PhoneNumber | null>;
  /** Removes the company's own number; false when the company has no such number. */
  remove(companyId: string, number: string): Promise<boolean>;
}

export interface RetellAgentRepository {
  /** Routing lookup: which company does this Retell agent answer for? */
  findByAgentId(agentId: string): Promise<{ companyId: string } | null>;
  add(companyId: string, agentId: string): Promise<void>;
}
