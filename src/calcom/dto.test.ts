import { describe, expect, it } from "vitest";
import { jsonPath } from "../platform/json-path.ts";
import {
  BookingSchema,
  CreateBookingInputSchema,
  CreatedBookingSchema,
  describeIssues,
  MembershipSchema,
  SlotsSchema,
  TeamEventTypeSchema,
} from "./dto.ts";

const eventType = {
  id: 2001,
  title: "Haircut",
  slug: "haircut",
  lengthInMinutes: 30,
  hidden: false,
  teamId: 1001,
  ownerId: null,
  parentEventTypeId: null,
  schedulingType: "roundRobin",
  locations: [{ type: "address" }],
  hosts: [
    { userId: 1, name: "", username: "", avatarUrl: null, mandatory: false, priority: "medium" },
    { userId: 2, name: "Anna", username: "anna" },
  ],
};

describe("TeamEventTypeSchema", () => {
  it("reads host objects without email and turns blank names into null", () => {
    const parsed = TeamEventTypeSchema.parse(eventType);
    expect(parsed.hosts).toEqual([
      {
        userId: 1,
        name: null,
        username: null,
        avatarUrl: null,
        mandatory: false,
        priority: "medium",
      },
      { userId: 2, name: "Anna", username: "anna", avatarUrl: null },
    ]);
    expect(parsed.schedulingType).toBe("roundRobin");
    expect(parsed).not.toHaveProperty("locations");
  });

  it("tolerates a null scheduling type, missing hosts and upper-case enum values", () => {
    const { hosts: _, ...noHosts } = eventType;
    expect(TeamEventTypeSchema.parse({ ...noHosts, schedulingType: null }).hosts).toEqual([]);
    expect(
      TeamEventTypeSchema.parse({ ...eventType, schedulingType: "ROUND_ROBIN" }),
    ).toMatchObject({
      schedulingType: "roundRobin",
    });
  });

  it("reads rrHostSubsetEnabled, false when an older server does not send it", () => {
    expect(TeamEventTypeSchema.parse(eventType).rrHostSubsetEnabled).toBe(false);
    const parse = (rrHostSubsetEnabled: unknown) =>
      TeamEventTypeSchema.parse({ ...eventType, rrHostSubsetEnabled }).rrHostSubsetEnabled;
    expect(parse(true)).toBe(true);
    expect(parse(false)).toBe(false);
    expect(parse(null)).toBe(false);
  });

  it("reads what decides bookability, with every shape of the settings", () => {
    const plain = TeamEventTypeSchema.parse(eventType);
    expect(plain).toMatchObject({
      requiresConfirmation: false,
      recurring: false,
      seated: false,
      bookingFields: [],
    });
    expect(plain).not.toHaveProperty("confirmationPolicy");
    const parse = (extra: Record<string, unknown>) =>
      TeamEventTypeSchema.parse({ ...eventType, ...extra });

    expect(parse({ confirmationPolicy: { type: "always" } }).requiresConfirmation).toBe(true);
    expect(parse({ confirmationPolicy: { disabled: true } }).requiresConfirmation).toBe(false);
    expect(parse({ confirmationPolicy: null }).requiresConfirmation).toBe(false);
    expect(parse({ requiresConfirmation: true }).requiresConfirmation).toBe(true);
    expect(parse({ requiresConfirmation: false }).requiresConfirmation).toBe(false);

    expect(
      parse({ recurrence: { frequency: "weekly", interval: 1, occurrences: 4 } }).recurring,
    ).toBe(true);
    expect(parse({ recurrence: { disabled: true } }).recurring).toBe(false);
    expect(parse({ recurrence: null }).recurring).toBe(false);

    expect(parse({ seats: { seatsPerTimeSlot: 4, showAttendeeInfo: false } }).seated).toBe(true);
    expect(parse({ seats: { disabled: true } }).seated).toBe(false);
    expect(parse({ seats: null }).seated).toBe(false);
    expect(parse({ seatsPerTimeSlot: 6 }).seated).toBe(true);
    expect(parse({ seatsPerTimeSlot: null }).seated).toBe(false);
  });

  it("reads booking fields: default or custom, required, hidden; an unknown type from its JSON", () => {
    const parsed = TeamEventTypeSchema.parse({
      ...eventType,
      bookingFields: [
        { isDefault: true, type: "name", slug: "name", required: true },
        { isDefault: true, type: "splitName", slug: "splitName", lastNameRequired: true },
        { isDefault: false, type: "text", slug: "insurance", label: "Insurance", required: true },
        { isDefault: false, type: "text", slug: "colour", required: true, hidden: true },
        {
          type: "unknown",
          slug: "unknown",
          bookingField: JSON.stringify({
            name: "pet",
            type: "fancy",
            required: true,
            editable: "user",
          }),
        },
        { type: "unknown", slug: "unknown", bookingField: "not json" },
      ],
    });
    expect(parsed.bookingFields).toEqual([
      { type: "name", slug: "name", label: null, required: true, hidden: false, isDefault: true },
      {
        type: "splitName",
        slug: "splitName",
        label: null,
        required: false,
        hidden: false,
        isDefault: true,
      },
      {
        type: "text",
        slug: "insurance",
        label: "Insurance",
        required: true,
        hidden: false,
        isDefault: false,
      },
      { type: "text", slug: "colour", label: null, required: true, hidden: true, isDefault: false },
      { type: "fancy", slug: "pet", label: null, required: true, hidden: false, isDefault: false },
      {
        type: "unknown",
        slug: "unknown",
        label: null,
        required: false,
        hidden: false,
        isDefault: null,
      },
    ]);
  });

  it("reads a managed parent's missing parent id as null", () => {
    const { parentEventTypeId: _, ...rest } = eventType;
    expect(
      TeamEventTypeSchema.parse({ ...rest, schedulingType: "MANAGED", hosts: [] }),
    ).toMatchObject({ schedulingType: "managed", parentEventTypeId: null, hosts: [] });
  });

  it("rejects hosts typed as strings, as the OpenAPI document wrongly describes them", () => {
    const result = TeamEventTypeSchema.safeParse({ ...eventType, hosts: ["1"] });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeIssues("$.data[0]", result.error)).toMatch(/^\$\.data\[0\]\.hosts\[0\]:/);
  });
});

describe("MembershipSchema", () => {
  it("normalises blank user fields and the role's case", () => {
    const parsed = MembershipSchema.parse({
      id: 5,
      userId: 7,
      teamId: 1001,
      accepted: true,
      role: "admin",
      user: { email: "a@b.de", name: "", username: null },
    });
    expect(parsed).toEqual({
      id: 5,
      userId: 7,
      teamId: 1001,
      accepted: true,
      role: "ADMIN",
      user: { email: "a@b.de", name: null, username: null, avatarUrl: null },
    });
  });
});

describe("BookingSchema", () => {
  const booking = {
    id: 9,
    uid: "bk_1",
    status: "ACCEPTED",
    start: "2050-09-05T07:00:00.000Z",
    end: "2050-09-05T07:30:00.000Z",
    eventType: { id: 2001, slug: "haircut" },
    hosts: [{ id: 1, name: "", email: "h@x.de", username: "h", timeZone: "Europe/Berlin" }],
    attendees: [{ name: "Eva", email: "eva@x.de", timeZone: "Europe/Berlin", language: "de" }],
    metadata: { frontdeskRef: "r1" },
  };

  it("takes the event type id from eventType when the deprecated field is missing", () => {
    const parsed = BookingSchema.parse(booking);
    expect(parsed.eventTypeId).toBe(2001);
    expect(parsed.status).toBe("accepted");
    expect(parsed.hosts[0]?.name).toBeNull();
    expect(parsed.rescheduledFromUid).toBeNull();
    expect(parsed.metadata).toEqual({ frontdeskRef: "r1" });
  });

  it("tolerates null metadata and missing hosts", () => {
    const parsed = BookingSchema.parse({ ...booking, metadata: null, hosts: undefined });
    expect(parsed.metadata).toEqual({});
    expect(parsed.hosts).toEqual([]);
  });

  it('reads the host id "unknown" of a booking without a user as no id', () => {
    const parsed = BookingSchema.parse({
      ...booking,
      hosts: [{ id: "unknown", name: "unknown", email: "unknown", username: "unknown" }],
    });
    expect(parsed.hosts[0]?.id).toBeNull();
  });

  it("reads a booking the business still has to confirm", () => {
    expect(BookingSchema.parse({ ...booking, status: "pending" }).status).toBe("pending");
  });
});

describe("CreatedBookingSchema", () => {
  const booking = {
    id: 9,
    uid: "bk_1",
    status: "accepted",
    start: "2050-09-05T07:00:00.000Z",
    end: "2050-09-05T07:30:00.000Z",
    eventTypeId: 2001,
  };

  it("reads one booking, or the first of a recurring series", () => {
    expect(CreatedBookingSchema.parse(booking).uid).toBe("bk_1");
    const series = [
      { ...booking, recurringBookingUid: "series" },
      { ...booking, id: 10, uid: "bk_2", start: "2050-09-12T07:00:00.000Z" },
    ];
    expect(CreatedBookingSchema.parse(series)).toMatchObject({ id: 9, uid: "bk_1" });
  });

  it("refuses an empty series", () => {
    expect(CreatedBookingSchema.safeParse([]).success).toBe(false);
  });
});

describe("SlotsSchema", () => {
  it("reads slot objects, with and without end", () => {
    const slots = {
      "2050-09-05": [
        { start: "2050-09-05T09:00:00.000+02:00" },
        {
          start: "2050-09-05T09:30:00.000+02:00",
          end: "2050-09-05T10:00:00.000+02:00",
          seatsBooked: 0,
        },
      ],
    };
    expect(SlotsSchema.parse(slots)["2050-09-05"]).toHaveLength(2);
    const bad = SlotsSchema.safeParse({ "2050-09-05": ["09:00"] });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(describeIssues("$.data", bad.error)).toMatch(/^\$\.data\["2050-09-05"\]\[0\]:/);
    }
  });
});

describe("CreateBookingInputSchema", () => {
  const input = {
    eventTypeId: 2001,
    start: "2050-09-05T07:00:00Z",
    attendee: { name: "Eva", email: "eva@x.de", timeZone: "Europe/Berlin" },
  };

  it("accepts a minimal booking", () => {
    expect(CreateBookingInputSchema.safeParse(input).success).toBe(true);
  });

  it("takes chosen hosts as a non-empty list of user ids", () => {
    const parse = (rrHostSubsetIds: unknown) =>
      CreateBookingInputSchema.safeParse({ ...input, rrHostSubsetIds }).success;
    expect(parse([501, 502])).toBe(true);
    expect(parse([])).toBe(false);
    expect(parse(["501"])).toBe(false);
  });

  it("enforces Cal.com's metadata limits", () => {
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expect(CreateBookingInputSchema.safeParse({ ...input, metadata: tooMany }).success).toBe(false);
    expect(
      CreateBookingInputSchema.safeParse({ ...input, metadata: { note: "x".repeat(501) } }).success,
    ).toBe(false);
    expect(
      CreateBookingInputSchema.safeParse({ ...input, metadata: { ["k".repeat(41)]: "v" } }).success,
    ).toBe(false);
  });
});

describe("jsonPath, as describeIssues writes paths", () => {
  it("writes identifiers with dots and everything else in brackets", () => {
    expect(jsonPath(["data", 0, "hosts", 2, "user-id"])).toBe('$.data[0].hosts[2]["user-id"]');
  });
});
