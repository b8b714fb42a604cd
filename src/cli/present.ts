import type { Company, PhoneNumber, Service, Staff, User } from "../domain/entities.ts";

/** JSON views for --json output. Credentials appear only as "is it set", never as values. */

export const companyView = (c: Company) => ({
  id: c.id,
  name: c.name,
  slug: c.slug,
  timezone: c.timezone,
  locale: c.locale,
  country: c.country,
  calcom: {
    baseUrl: c.calcom.baseUrl,
    teamId: c.calcom.teamId,
    apiKeySet: c.calcom.apiKey !== null,
    webhookSecretSet: c.calcom.webhookSecret !== null,
  },
  thresholds: c.thresholds,
  createdAt: c.createdAt,
});

export const staffView = (s: Staff) => ({
  id: s.id,
  name: s.name,
  email: s.email,
  phone: s.phone,
  active: s.active,
});

export const serviceView = (s: Service) => ({
  id: s.id,
  name: s.name,
  durationMinutes: s.durationMinutes,
  priceCents: s.priceCents,
  active: s.active,
  eventTypeId: s.calcomEventTypeId,
});

export const phoneNumberView = (p: PhoneNumber) => ({ id: p.id, number: p.number, label: p.label });

export const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  role: u.role,
  companyId: u.companyId,
});
