import { describe, expect, it } from "vitest";
import { Secret } from "../domain/secret.ts";
import { calSignature } from "../simulator/index.ts";
import {
  parseCalcomWebhook,
  signCalcomBody,
  signingSecret,
  toBookingEvent,
  verifyCalcomSignature,
} from "./webhook.ts";

const body = JSON.stringify({
  triggerEvent: "BOOKING.RESCHEDULED",
  createdAt: "2026-11-25T10:00:00.000Z",
  payload: {
    uid: "new-uid",
    bookingId: 42,
    eventTypeId: 2001,
    startTime: "2026-11-26T13:00:00.000Z",
    endTime: "2026-11-26T13:30:00.000Z",
    organizer: { id: 501, name: "Jörg Müller", email: "joerg@x.de" },
    attendees: [{ name: "Maria", email: "m@x.de", phoneNumber: "+491701234567" }],
    rescheduleUid: "old-uid",
  },
});

describe("Cal.com webhook verification", () => {
  it("accepts exactly the HMAC-SHA256 hex of the raw body, as the simulator (and Cal.com) signs it", () => {
    expect(verifyCalcomSignature(body, calSignature(body, "s3cret"), "s3cret")).toBe(true);
    expect(verifyCalcomSignature(body, signCalcomBody(body, "s3cret"), "s3cret")).toBe(true);
  });

  it.each([
    ["another secret", signCalcomBody(body, "other")],
    [
      "a re-serialised body",
      signCalcomBody(JSON.stringify(JSON.parse(body)), "s3cret").replace(/^./, "0"),
    ],
    ["no secret marker", "no-secret-provided"],
    ["a sha256= prefix", `sha256=${signCalcomBody(body, "s3cret")}`],
    ["nothing", undefined],
  ])("refuses %s", (_name, header) => {
    expect(verifyCalcomSignature(body, header, "s3cret")).toBe(false);
  });

  it("names which of the accepted secrets signed the body, trying them in order", () => {
    const accepted = [
      { secret: new Secret("current"), use: "current" },
      { secret: new Secret("previous"), use: "previous" },
    ] as const;
    expect(signingSecret(body, signCalcomBody(body, "current"), accepted)?.use).toBe("current");
    expect(signingSecret(body, signCalcomBody(body, "previous"), accepted)?.use).toBe("previous");
    expect(signingSecret(body, signCalcomBody(body, "other"), accepted)).toBeNull();
    expect(signingSecret(body, signCalcomBody(body, "current"), [])).toBeNull();
  });

  it("refuses a body changed by one byte", () => {
    expect(verifyCalcomSignature(`${body} `, signCalcomBody(body, "s3cret"), "s3cret")).toBe(false);
  });
});

describe("parseCalcomWebhook", () => {
  it("accepts the dotted trigger names too and maps a reschedule to the new and the original uid", () => {
    const parsed = parseCalcomWebhook(body);
    expect(parsed.kind).toBe("booking");
    if (parsed.kind !== "booking") return;
    expect(parsed.trigger).toBe("BOOKING_RESCHEDULED");
    expect(toBookingEvent(parsed.trigger, parsed.booking)).toEqual({
      trigger: "BOOKING_RESCHEDULED",
      uid: "new-uid",
      bookingId: 42,
      eventTypeId: 2001,
      start: "2026-11-26T13:00:00.000Z",
      end: "2026-11-26T13:30:00.000Z",
      hostUserId: 501,
      attendee: { name: "Maria", email: "m@x.de", phone: "+491701234567" },
      participants: { memberIds: [], attendeeEmails: ["m@x.de"] },
      rescheduledFromUid: "old-uid",
    });
  });

  it("ignores other triggers and names the JSON path of a bad payload", () => {
    expect(
      parseCalcomWebhook(JSON.stringify({ triggerEvent: "MEETING_ENDED", payload: {} })),
    ).toEqual({
      kind: "ignored",
      trigger: "MEETING_ENDED",
    });
    expect(
      parseCalcomWebhook(
        JSON.stringify({
          triggerEvent: "BOOKING_CREATED",
          payload: { uid: "u", startTime: "yesterday" },
        }),
      ),
    ).toMatchObject({
      kind: "invalid",
      path: "$.payload.startTime",
    });
    expect(parseCalcomWebhook("{")).toMatchObject({ kind: "invalid", path: "$" });
  });
});
