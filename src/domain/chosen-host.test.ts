import { describe, expect, it } from "vitest";
import { chosenHostId } from "./chosen-host.ts";

const hosts = [
  { calcomUserId: 1, email: "owner@salon.de", fixedIn: [10] },
  { calcomUserId: 2, email: "anna@salon.de", fixedIn: [] },
  { calcomUserId: 3, email: "joerg@salon.de", fixedIn: [] },
];
const none = { memberIds: [], attendeeEmails: [] };

describe("chosenHostId", () => {
  it("is the organizer when the organizer is not a fixed host", () => {
    expect(chosenHostId({ organizerId: 2, eventTypeId: 10, participants: none }, hosts)).toBe(2);
  });

  it("is the pool host among the team members when a fixed host organizes", () => {
    const participants = { memberIds: [3], attendeeEmails: ["kunde@example.org"] };
    expect(chosenHostId({ organizerId: 1, eventTypeId: 10, participants }, hosts)).toBe(3);
  });

  it("finds the pool host among the attendees when no team members are given (API answers)", () => {
    const participants = { memberIds: [], attendeeEmails: ["kunde@example.org", "Anna@Salon.de"] };
    expect(chosenHostId({ organizerId: 1, eventTypeId: 10, participants }, hosts)).toBe(2);
  });

  it("keeps the fixed organizer when no pool host takes part", () => {
    const participants = { memberIds: [], attendeeEmails: ["kunde@example.org"] };
    expect(chosenHostId({ organizerId: 1, eventTypeId: 10, participants }, hosts)).toBe(1);
  });

  it("treats a host as fixed only in the event types where it is mandatory", () => {
    const participants = { memberIds: [3], attendeeEmails: [] };
    expect(chosenHostId({ organizerId: 1, eventTypeId: 11, participants }, hosts)).toBe(1);
  });

  it("passes an unknown organizer through", () => {
    expect(chosenHostId({ organizerId: 99, eventTypeId: 10, participants: none }, hosts)).toBe(99);
    expect(chosenHostId({ organizerId: null, eventTypeId: 10, participants: none }, hosts)).toBe(
      null,
    );
  });
});
