import { describe, expect, it } from "vitest";
import { describeToday, speakableSlot, speakableSlotsByDay } from "./speak.ts";

const berlin = {
  timeZone: "Europe/Berlin",
  locale: "de" as const,
  now: new Date("2026-11-25T09:00:00Z"),
};
const london = {
  timeZone: "Europe/London",
  locale: "en" as const,
  now: new Date("2026-11-25T10:00:00Z"),
};

describe("speakableSlot", () => {
  it.each([
    ["2026-11-25T16:00:00+01:00", "heute um 16 Uhr"],
    ["2026-11-26T14:30:00+01:00", "morgen um 14:30 Uhr"],
    ["2026-11-27T09:05:00+01:00", "übermorgen um 9:05 Uhr"],
    ["2026-12-01T09:00:00+01:00", "Dienstag, 1. Dezember, um 9 Uhr"],
    ["2026-12-01T08:00:00Z", "Dienstag, 1. Dezember, um 9 Uhr"],
    ["2026-12-01T09:00", "Dienstag, 1. Dezember, um 9 Uhr"],
    ["2027-11-29T09:00:00+01:00", "Montag, 29. November 2027, um 9 Uhr"],
  ])("says %s in German as %j", (iso, spoken) => {
    expect(speakableSlot(iso, berlin)).toBe(spoken);
  });

  it.each([
    ["2026-11-25T12:00:00Z", "today at 12 pm"],
    ["2026-11-26T14:30:00Z", "tomorrow at 2:30 pm"],
    ["2026-11-27T09:00:00Z", "Friday, November 27 at 9 am"],
    ["2026-12-01T09:00:00+00:00", "Tuesday, December 1 at 9 am"],
    ["2026-12-01T00:15:00Z", "Tuesday, December 1 at 12:15 am"],
  ])("says %s in English as %j", (iso, spoken) => {
    expect(speakableSlot(iso, london)).toBe(spoken);
  });

  it("speaks in the company's zone, not the offset the slot came with", () => {
    expect(speakableSlot("2026-11-26T13:30:00Z", berlin)).toBe("morgen um 14:30 Uhr");
    expect(speakableSlot("2026-11-26T23:30:00Z", berlin)).toBe("übermorgen um 0:30 Uhr");
  });

  it("counts days by the calendar across a daylight-saving switch", () => {
    const ctx = { ...berlin, now: new Date("2026-03-29T00:30:00Z") };
    expect(speakableSlot("2026-03-29T03:30:00+02:00", ctx)).toBe("heute um 3:30 Uhr");
    expect(speakableSlot("2026-03-30T09:00:00+02:00", ctx)).toBe("morgen um 9 Uhr");
  });

  it("throws on something that is not a time", () => {
    expect(() => speakableSlot("morgen", berlin)).toThrow();
  });
});

describe("speakableSlotsByDay", () => {
  it("says one day's times in a row, half past in the morning the German way", () => {
    const slots = ["2026-12-07T08:00:00Z", "2026-12-07T08:30:00Z", "2026-12-07T09:00:00Z"];
    expect(speakableSlotsByDay(slots, berlin)).toEqual([
      "Montag, 7. Dezember, um 9, halb 10 oder 10 Uhr",
    ]);
    expect(speakableSlotsByDay(["2026-12-07T09:00:00Z", "2026-12-07T09:30:00Z"], berlin)).toEqual([
      "Montag, 7. Dezember, um 10 oder halb 11",
    ]);
    expect(speakableSlotsByDay(["2026-11-26T13:00:00Z", "2026-11-26T13:30:00Z"], berlin)).toEqual([
      "morgen um 14 oder 14:30 Uhr",
    ]);
  });

  it("groups by the company's day, in the order given", () => {
    const slots = ["2026-11-26T08:00:00Z", "2026-11-26T15:00:00Z", "2026-12-01T08:15:00Z"];
    expect(speakableSlotsByDay(slots, berlin)).toEqual([
      "morgen um 9 oder 16 Uhr",
      "Dienstag, 1. Dezember, um 9:15 Uhr",
    ]);
    // 23:30 UTC is already the next day in Berlin.
    expect(speakableSlotsByDay(["2026-11-26T22:00:00Z", "2026-11-26T23:30:00Z"], berlin)).toEqual([
      "morgen um 23 Uhr",
      "übermorgen um halb 1",
    ]);
  });

  it("says am or pm once per run in English", () => {
    const slots = ["2026-12-07T09:00:00Z", "2026-12-07T09:30:00Z", "2026-12-07T10:00:00Z"];
    expect(speakableSlotsByDay(slots, london)).toEqual(["Monday, December 7 at 9, 9:30 or 10 am"]);
    expect(
      speakableSlotsByDay(
        ["2026-11-26T11:30:00Z", "2026-11-26T12:00:00Z", "2026-11-26T14:00:00Z"],
        london,
      ),
    ).toEqual(["tomorrow at 11:30 am, 12 or 2 pm"]);
    expect(speakableSlotsByDay([], london)).toEqual([]);
  });
});

describe("describeToday", () => {
  it("gives today in the company's language and zone", () => {
    expect(describeToday(berlin)).toEqual({
      date: "2026-11-25",
      spoken: "Mittwoch, 25. November 2026",
      weekday: "Mittwoch",
      time: "10:00",
      tomorrow: "Donnerstag, 26. November 2026",
      dayAfterTomorrow: "Freitag, 27. November 2026",
    });
    expect(describeToday({ ...london, now: new Date("2026-11-25T14:05:00Z") })).toEqual({
      date: "2026-11-25",
      spoken: "Wednesday, November 25, 2026",
      weekday: "Wednesday",
      time: "2:05 pm",
      tomorrow: "Thursday, November 26, 2026",
      dayAfterTomorrow: "Friday, November 27, 2026",
    });
  });

  it("is already tomorrow in Berlin when it is still today in UTC", () => {
    expect(describeToday({ ...berlin, now: new Date("2026-11-25T23:30:00Z") }).date).toBe(
      "2026-11-26",
    );
  });
});
