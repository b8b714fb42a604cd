import type {
  BookabilityNotice,
  BookabilityProblem,
  Company,
  PhoneNumber,
  Service,
  Staff,
  User,
} from "../domain/entities.ts";
import type { StaffMember } from "../features/staff/list-staff-members.ts";

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
  transferNumber: c.transferNumber ?? null,
  createdAt: c.createdAt,
});

export const staffView = (s: Staff) => ({
  id: s.id,
  name: s.name,
  email: s.email,
  phone: s.phone,
  active: s.active,
});

export const staffMemberView = (m: StaffMember) => ({
  ...staffView(m.staff),
  hosts: m.hosts.map((h) => ({ calcomUserId: h.calcomUserId, name: h.name })),
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

/** Bookability codes in words, for text output. */
export const problemText: Record<BookabilityProblem, string> = {
  required_booking_fields: "asks for a required booking field the phone agent cannot fill",
  managed_parent: "a managed event type's template (book one of its members' copies)",
  recurring: "a recurring event type (books a whole series)",
  seated: "a seated event type (several attendees share one time)",
  no_hosts: "no hosts in Cal.com",
};

export const noticeText: Record<BookabilityNotice, string> = {
  requires_confirmation: "needs confirmation by the business",
  mandatory_hosts: "has a fixed host on every booking",
};
