import type { Secret } from "./secret.ts";

/** Entities as the use-cases see them. Rows are mapped to these in db/repositories. */

export type Locale = "de" | "en";

export interface MatchThresholds {
  auto: number;
  suggest: number;
}

export const defaultThresholds: MatchThresholds = { auto: 90, suggest: 60 };

export interface CalcomConnection {
  baseUrl: string;
  teamId: number | null;
  apiKey: Secret | null;
  webhookSecret: Secret | null;
}

export interface Company {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  locale: Locale;
  /** ISO 3166 country used to read national phone numbers ("030 1234567"). */
  country: string;
  calcom: CalcomConnection;
  thresholds: MatchThresholds;
  notifyEmail: string | null;
  notifyWebhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Staff {
  id: string;
  companyId: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Service {
  id: string;
  companyId: string;
  name: string;
  durationMinutes: number;
  priceCents: number | null;
  active: boolean;
  calcomEventTypeId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PhoneNumber {
  id: string;
  companyId: string;
  number: string;
  label: string | null;
  createdAt: string;
}

export type UserRole = "platform_admin" | "company_admin";

export interface User {
  id: string;
  email: string;
  role: UserRole;
  companyId: string | null;
  locale: Locale | null;
  createdAt: string;
}

export type SchedulingType = "roundRobin" | "collective" | "managed" | null;

export interface CalcomEventType {
  companyId: string;
  eventTypeId: number;
  title: string;
  slug: string;
  lengthInMinutes: number;
  schedulingType: SchedulingType;
  hidden: boolean;
  /** Set when the event type no longer came back from Cal.com. */
  removedAt: string | null;
  syncedAt: string;
}

/** Who did something: written into audit rows and sync runs. */
export type Actor =
  | { type: "user"; userId: string }
  | { type: "cli" }
  | { type: "scheduler" }
  | { type: "webhook" }
  | { type: "voice"; callId?: string };

/** What every use-case runs in: the tenant and who acts. */
export interface TenantContext {
  company: Company;
  actor: Actor;
}
