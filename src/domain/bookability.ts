import type {
  Bookability,
  BookabilityNotice,
  BookabilityProblem,
  SchedulingType,
  Service,
} from "./entities.ts";

/** What Cal.com says about an event type that decides whether the voice agent can book it. */
export interface EventTypeFacts {
  schedulingType: SchedulingType;
  parentEventTypeId: number | null;
  hosts: readonly { mandatory: boolean }[];
  bookingFields: readonly BookingFieldFacts[];
  recurring: boolean;
  seated: boolean;
  requiresConfirmation: boolean;
}

export interface BookingFieldFacts {
  slug: string | null;
  required: boolean;
  hidden: boolean;
  /** Cal.com's own field (name, email, notes …); null when the server did not say. */
  isDefault: boolean | null;
}

/** The booking answers a phone booking fills: the attendee's name, email and phone, and notes. */
export const fillableBookingFields: ReadonlySet<string> = new Set([
  "name",
  "email",
  "attendeePhoneNumber",
  "notes",
]);

/** Cal.com's own fields, for servers that do not mark them `isDefault`. */
const defaultBookingFields: ReadonlySet<string> = new Set([
  "name",
  "splitName",
  "email",
  "attendeePhoneNumber",
  "location",
  "title",
  "notes",
  "guests",
  "rescheduleReason",
]);

const problemOrder: readonly BookabilityProblem[] = [
  "required_booking_fields",
  "managed_parent",
  "recurring",
  "seated",
  "no_hosts",
];

/** A custom field Cal.com insists on that a phone booking cannot answer. */
export function blocksPhoneBooking(field: BookingFieldFacts): boolean {
  if (!field.required || field.hidden) return false;
  const isDefault =
    field.isDefault ?? (field.slug !== null && defaultBookingFields.has(field.slug));
  if (isDefault) return false;
  return field.slug === null || !fillableBookingFields.has(field.slug);
}

/**
 * Why the voice agent cannot book an event type (problems) and what is worth knowing about
 * booking it (notices). Cal.com refuses a booking without a required custom field's answer, a
 * managed event type's parent, and answers a recurring or seated one differently from a plain
 * booking; a team event type without hosts has nobody to book.
 */
export function assessBookability(facts: EventTypeFacts): Bookability {
  const found = new Set<BookabilityProblem>();
  if (facts.bookingFields.some(blocksPhoneBooking)) found.add("required_booking_fields");
  if (facts.schedulingType === "managed" && facts.parentEventTypeId === null)
    found.add("managed_parent");
  if (facts.recurring) found.add("recurring");
  if (facts.seated) found.add("seated");
  // A managed parent's hosts live on its children; every other kind books one of its hosts.
  if (facts.schedulingType !== "managed" && facts.hosts.length === 0) found.add("no_hosts");

  const notices: BookabilityNotice[] = [];
  if (facts.requiresConfirmation) notices.push("requires_confirmation");
  if (facts.schedulingType === "roundRobin" && facts.hosts.some((h) => h.mandatory))
    notices.push("mandatory_hosts");
  return { problems: problemOrder.filter((p) => found.has(p)), notices };
}

export function bookableByPhone(bookability: Pick<Bookability, "problems"> | null): boolean {
  return (bookability?.problems.length ?? 0) === 0;
}

/**
 * Whether the voice agent offers and books a service: active, linked to a Cal.com event type,
 * and that event type without problems (one not synced yet is tried; Cal.com has the last word).
 */
export function serviceBookableByPhone<
  S extends Pick<Service, "active" | "calcomEventTypeId" | "bookability">,
>(service: S): service is S & { calcomEventTypeId: number } {
  return (
    service.active && service.calcomEventTypeId !== null && bookableByPhone(service.bookability)
  );
}
