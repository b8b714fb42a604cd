import type { Company } from "../entities.ts";

/** The booking events Frontdesk keeps its appointments in step with. */
export const bookingWebhookTriggers = [
  "BOOKING_CREATED",
  "BOOKING_CANCELLED",
  "BOOKING_RESCHEDULED",
  "BOOKING_REQUESTED",
  "BOOKING_REJECTED",
] as const;

/** A webhook on one Cal.com event type, as Cal.com lists it (never with its secret). */
export interface CalcomWebhookInfo {
  id: string;
  subscriberUrl: string;
  active: boolean;
  triggers: string[];
}

/**
 * The webhooks of a company's Cal.com event types (`/v2/event-types/{id}/webhooks`), with the
 * company's API key. `usage.requests` counts every HTTP attempt, also when the call fails.
 * Implemented by the Cal.com adapter.
 */
export interface CalcomEventTypeWebhooks {
  list(company: Company, eventTypeId: number, usage: Usage): Promise<CalcomWebhookInfo[]>;
  create(
    company: Company,
    eventTypeId: number,
    webhook: { subscriberUrl: string; secret: string; triggers: readonly string[] },
    usage: Usage,
  ): Promise<CalcomWebhookInfo>;
  /** Makes the webhook active with these URL, triggers and secret. */
  update(
    company: Company,
    eventTypeId: number,
    webhookId: string,
    webhook: { subscriberUrl: string; secret: string; triggers: readonly string[] },
    usage: Usage,
  ): Promise<CalcomWebhookInfo>;
}

interface Usage {
  requests: number;
}

/** The webhook Frontdesk installed on one of the company's event types. */
export interface InstalledCalcomWebhook {
  eventTypeId: number;
  webhookId: string;
  subscriberUrl: string;
  /** sha256 (hex) of the secret it was installed with; Cal.com never shows the secret back. */
  secretFingerprint: string;
  installedAt: string;
}

/** Storage of installed webhooks; every method takes the company id first. */
export interface CalcomWebhookRepository {
  list(companyId: string): Promise<InstalledCalcomWebhook[]>;
  /** Inserts or replaces the row of that event type. */
  save(companyId: string, webhook: InstalledCalcomWebhook): Promise<void>;
}
