import { z } from "zod";
import type { Appointment, Customer, TenantContext } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import { toE164 } from "../../domain/phone.ts";
import type {
  AppointmentRepository,
  BookingAttempt,
  BookingAttemptRepository,
  InboxRepository,
  StoredInboxEvent,
} from "../../domain/ports/appointments.ts";
import type { CallRepository, StoredCall } from "../../domain/ports/calls.ts";
import type { CustomerRepository, PersonKeys } from "../../domain/ports/privacy.ts";
import { parseInput } from "../parse-input.ts";

/** `--phone` / the console's phone field: read in E.164 with the company's country. */
export const customerLookupInput = z.object({ phone: z.string().trim().min(1).max(40) });

export interface PersonRepositories {
  customers: Pick<CustomerRepository, "findByPhone">;
  appointments: Pick<AppointmentRepository, "listForPerson">;
  calls: Pick<CallRepository, "listForPerson">;
  bookingAttempts: Pick<BookingAttemptRepository, "listForPerson">;
  inbox: Pick<InboxRepository, "listContaining">;
}

/** Everything stored about one caller in one company. */
export interface PersonData {
  phone: string;
  customer: Customer | null;
  keys: PersonKeys;
  appointments: Appointment[];
  calls: StoredCall[];
  bookingAttempts: BookingAttempt[];
  inboxEvents: StoredInboxEvent[];
}

export function readPhone(ctx: TenantContext, raw: unknown): string {
  const input = parseInput(customerLookupInput, raw, "customer");
  const parsed = toE164(input.phone, ctx.company.country);
  if (!parsed.ok)
    throw new ValidationError("invalid phone", [{ where: "phone", message: parsed.message }]);
  return parsed.e164;
}

/**
 * Finds a caller's data by E.164 number: the customer record, the booking attempts with that
 * phone, the emails these give (the customer's, the attempts', those of the customer's own
 * appointments), the appointments linked to the customer or with one of those attendee emails,
 * the calls from or to the number, and the raw deliveries that contain the number or an email.
 */
export async function collectPerson(
  repos: PersonRepositories,
  companyId: string,
  phone: string,
): Promise<PersonData> {
  const customer = await repos.customers.findByPhone(companyId, phone);
  const base: PersonKeys = { phone, customerId: customer?.id ?? null, emails: [] };
  const emails = new Set<string>();
  const addEmail = (email: string | null) => {
    const e = email?.trim().toLowerCase();
    if (e?.includes("@")) emails.add(e);
  };
  addEmail(customer?.email ?? null);
  const attempts = await repos.bookingAttempts.listForPerson(companyId, base);
  for (const a of attempts) if (a.attendeePhone === phone) addEmail(a.attendeeEmail);
  if (customer) {
    const own = await repos.appointments.listForPerson(companyId, base);
    for (const a of own) addEmail(a.attendeeEmail);
  }
  const keys: PersonKeys = { ...base, emails: [...emails].sort() };
  const [appointments, calls, bookingAttempts, candidates] = await Promise.all([
    repos.appointments.listForPerson(companyId, keys),
    repos.calls.listForPerson(companyId, keys),
    repos.bookingAttempts.listForPerson(companyId, keys),
    repos.inbox.listContaining(companyId, [phone, ...keys.emails]),
  ]);
  const inboxEvents = candidates.filter((e) => mentions(e.payload, keys));
  return { phone, customer, keys, appointments, calls, bookingAttempts, inboxEvents };
}

/** True when the payload holds the number (not as part of a longer one) or one of the emails. */
export function mentions(payload: string, keys: PersonKeys): boolean {
  const text = payload.toLowerCase();
  const phone = new RegExp(`(?<![0-9])${escapeRegExp(keys.phone)}(?![0-9])`);
  if (phone.test(text)) return true;
  return keys.emails.some((email) =>
    new RegExp(`(?<![a-z0-9._%+-])${escapeRegExp(email)}(?![a-z0-9.-]*[a-z0-9])`).test(text),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function isEmpty(data: PersonData): boolean {
  return (
    data.customer === null &&
    data.appointments.length === 0 &&
    data.calls.length === 0 &&
    data.bookingAttempts.length === 0 &&
    data.inboxEvents.length === 0
  );
}
