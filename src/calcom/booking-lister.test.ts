import { describe, expect, it } from "vitest";
import { type Company, defaultThresholds } from "../domain/entities.ts";
import { Secret } from "../domain/secret.ts";
import { createCalcomBookingLister } from "./booking-lister.ts";

const company: Company = {
  id: "c1",
  name: "Salon",
  slug: "salon",
  timezone: "Europe/Berlin",
  locale: "de",
  country: "DE",
  calcom: {
    baseUrl: "http://calcom.test",
    teamId: 1001,
    apiKey: new Secret("cal_test_key"),
    webhookSecret: null,
  },
  thresholds: defaultThresholds,
  notifyEmail: null,
  notifyWebhookUrl: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

const booking = (n: number, extra: Record<string, unknown> = {}) => ({
  id: n,
  uid: `uid-${n}`,
  title: "t",
  status: "accepted",
  start: "2026-12-03T13:00:00.000Z",
  end: "2026-12-03T13:30:00.000Z",
  eventTypeId: 2001,
  hosts: [{ id: 501, name: "Jörg", email: "j@x.de", username: "joerg", timeZone: "UTC" }],
  attendees: [
    { name: "Kundin", email: "Kundin@Example.de", timeZone: "UTC", language: "de" },
    { name: "Anna", email: "anna@x.de", timeZone: "UTC", language: "de" },
  ],
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: `2026-12-01T10:${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}.000Z`,
  ...extra,
});

/** Cal.com with `count` changed bookings and totals that count far more. */
function calcom(count: number, extra: (n: number) => Record<string, unknown> = () => ({})) {
  const asked: URLSearchParams[] = [];
  const all = Array.from({ length: count }, (_, n) => booking(n, extra(n)));
  const fetch = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    asked.push(url.searchParams);
    const skip = Number(url.searchParams.get("skip"));
    const take = Number(url.searchParams.get("take"));
    return Response.json({
      status: "success",
      data: all.slice(skip, skip + take),
      pagination: { totalItems: 100_000, hasNextPage: true },
    });
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

describe("the Cal.com booking lister", () => {
  it("pages by 250 until a short page, overlapping pages, and never trusts the totals", async () => {
    const { fetch, asked } = calcom(500);
    const usage = { requests: 0 };
    const list = await createCalcomBookingLister({ fetch }).listTeamBookings(
      company,
      { updatedAfter: "2026-12-01T09:58:00.000Z" },
      usage,
    );
    expect(list).toHaveLength(500);
    expect(new Set(list.map((b) => b.uid)).size).toBe(500);
    expect(asked.map((q) => q.get("skip"))).toEqual(["0", "245", "490"]);
    expect(usage.requests).toBe(3);
    expect(Object.fromEntries(asked[0]!)).toEqual({
      teamId: "1001",
      afterUpdatedAt: "2026-12-01T09:58:00.000Z",
      sortUpdatedAt: "asc",
      take: "250",
      skip: "0",
    });
    // Oldest change first.
    expect(list.map((b) => b.updatedAt)).toEqual(list.map((b) => b.updatedAt).toSorted());
  });

  it("reads what applying needs: organizer, attendees, chain, our ref; no cursor asks for all", async () => {
    const { fetch, asked } = calcom(3, (n) =>
      n === 0
        ? { status: "cancelled", rescheduledToUid: "uid-9", metadata: { frontdeskRef: "key-1" } }
        : n === 1
          ? {
              status: "awaiting_host",
              hosts: [{ id: "unknown", name: "unknown" }],
              updatedAt: null,
            }
          : {},
    );
    const [moved, orphan, plain] = await createCalcomBookingLister({ fetch }).listTeamBookings(
      company,
      { updatedAfter: null },
      { requests: 0 },
    );
    expect(asked[0]!.has("afterUpdatedAt")).toBe(false);
    expect(moved).toMatchObject({
      uid: "uid-0",
      status: "cancelled",
      rescheduledToUid: "uid-9",
      frontdeskRef: "key-1",
      organizerId: 501,
      attendee: { name: "Kundin", email: "Kundin@Example.de" },
      participants: { memberIds: [], attendeeEmails: ["kundin@example.de", "anna@x.de"] },
    });
    // A booking whose user is gone has no organizer; a never-changed one sorts by its creation.
    expect(orphan).toMatchObject({
      status: "pending",
      organizerId: null,
      updatedAt: "2026-12-01T10:00:00.000Z",
    });
    expect(plain).toMatchObject({ frontdeskRef: null, rescheduledToUid: null });
  });

  it("needs a team id and an API key", async () => {
    const lister = createCalcomBookingLister({ fetch: calcom(0).fetch });
    const usage = { requests: 0 };
    await expect(
      lister.listTeamBookings(
        { ...company, calcom: { ...company.calcom, teamId: null } },
        { updatedAfter: null },
        usage,
      ),
    ).rejects.toThrow(/no Cal.com team id/);
    await expect(
      lister.listTeamBookings(
        { ...company, calcom: { ...company.calcom, apiKey: null } },
        { updatedAfter: null },
        usage,
      ),
    ).rejects.toThrow(/no Cal.com API key/);
    expect(usage.requests).toBe(0);
  });
});
