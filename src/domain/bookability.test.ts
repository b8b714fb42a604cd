import { describe, expect, it } from "vitest";
import {
  assessBookability,
  type BookingFieldFacts,
  blocksPhoneBooking,
  bookableByPhone,
  type EventTypeFacts,
  serviceBookableByPhone,
} from "./bookability.ts";

const plain: EventTypeFacts = {
  schedulingType: "roundRobin",
  parentEventTypeId: null,
  hosts: [{ mandatory: false }, { mandatory: false }],
  bookingFields: [
    { slug: "name", required: true, hidden: false, isDefault: true },
    { slug: "email", required: true, hidden: false, isDefault: true },
    { slug: "location", required: true, hidden: false, isDefault: true },
    { slug: "notes", required: false, hidden: false, isDefault: true },
  ],
  recurring: false,
  seated: false,
  requiresConfirmation: false,
};

const custom = (field: Partial<BookingFieldFacts>): BookingFieldFacts => ({
  slug: "insurance",
  required: true,
  hidden: false,
  isDefault: false,
  ...field,
});

describe("assessBookability", () => {
  it("finds nothing wrong with a round-robin type with hosts and Cal.com's own fields", () => {
    expect(assessBookability(plain)).toEqual({ problems: [], notices: [] });
    expect(assessBookability({ ...plain, schedulingType: "collective" })).toEqual({
      problems: [],
      notices: [],
    });
  });

  it("blocks a required custom field we cannot fill, not an optional, hidden or fillable one", () => {
    const withField = (f: BookingFieldFacts) =>
      assessBookability({ ...plain, bookingFields: [...plain.bookingFields, f] }).problems;
    expect(withField(custom({}))).toEqual(["required_booking_fields"]);
    expect(withField(custom({ slug: null }))).toEqual(["required_booking_fields"]);
    expect(withField(custom({ required: false }))).toEqual([]);
    expect(withField(custom({ hidden: true }))).toEqual([]);
    // A custom field under a slug we fill anyway is answered.
    expect(withField(custom({ slug: "attendeePhoneNumber" }))).toEqual([]);
    // Cal.com's own required fields (location, title …) are Cal.com's business.
    expect(withField(custom({ slug: "title", isDefault: true }))).toEqual([]);
  });

  it("reads a field without isDefault by its slug (older servers)", () => {
    expect(blocksPhoneBooking(custom({ isDefault: null, slug: "location" }))).toBe(false);
    expect(blocksPhoneBooking(custom({ isDefault: null, slug: "insurance" }))).toBe(true);
  });

  it("knows a managed parent, recurring and seated types, and types without hosts", () => {
    expect(assessBookability({ ...plain, schedulingType: "managed", hosts: [] }).problems).toEqual([
      "managed_parent",
    ]);
    // A managed child belongs to one user and is booked like any other.
    expect(
      assessBookability({ ...plain, schedulingType: "managed", parentEventTypeId: 7, hosts: [] })
        .problems,
    ).toEqual([]);
    expect(assessBookability({ ...plain, recurring: true }).problems).toEqual(["recurring"]);
    expect(assessBookability({ ...plain, seated: true }).problems).toEqual(["seated"]);
    expect(assessBookability({ ...plain, hosts: [] }).problems).toEqual(["no_hosts"]);
    expect(
      assessBookability({ ...plain, schedulingType: "collective", hosts: [] }).problems,
    ).toEqual(["no_hosts"]);
    expect(assessBookability({ ...plain, schedulingType: null, hosts: [] }).problems).toEqual([
      "no_hosts",
    ]);
  });

  it("lists every problem at once, in a fixed order", () => {
    expect(
      assessBookability({
        ...plain,
        hosts: [],
        seated: true,
        recurring: true,
        bookingFields: [custom({})],
      }).problems,
    ).toEqual(["required_booking_fields", "recurring", "seated", "no_hosts"]);
  });

  it("notes confirmation and fixed round-robin hosts without making the type unbookable", () => {
    const noted = assessBookability({
      ...plain,
      requiresConfirmation: true,
      hosts: [{ mandatory: true }, { mandatory: false }],
    });
    expect(noted).toEqual({ problems: [], notices: ["requires_confirmation", "mandatory_hosts"] });
    expect(bookableByPhone(noted)).toBe(true);
    // `mandatory` only means something in round robin.
    expect(
      assessBookability({ ...plain, schedulingType: "collective", hosts: [{ mandatory: true }] })
        .notices,
    ).toEqual([]);
  });
});

describe("serviceBookableByPhone", () => {
  const service = {
    active: true,
    calcomEventTypeId: 2001,
    bookability: { problems: [], notices: [] },
  };
  it("offers active linked services whose event type has no problem (or is not synced yet)", () => {
    expect(serviceBookableByPhone(service)).toBe(true);
    expect(serviceBookableByPhone({ ...service, bookability: null })).toBe(true);
    expect(
      serviceBookableByPhone({
        ...service,
        bookability: { problems: ["seated"], notices: [] },
      }),
    ).toBe(false);
    expect(serviceBookableByPhone({ ...service, active: false })).toBe(false);
    expect(serviceBookableByPhone({ ...service, calcomEventTypeId: null })).toBe(false);
  });
});
