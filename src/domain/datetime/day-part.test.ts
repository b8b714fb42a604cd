import { describe, expect, it } from "vitest";
import { type DayPart, dayPartDefault, dayPartEnd, isAfterNoon } from "./day-part.ts";

describe("dayPartDefault", () => {
  it.each([
    ["morning", "08:00"],
    ["forenoon", "10:00"],
    ["noon", "12:00"],
    ["afternoon", "14:00"],
    ["evening", "18:00"],
    ["late", "17:00"],
  ] as [DayPart, string][])("starts %s at %s", (part, clock) => {
    expect(dayPartDefault(part)).toBe(clock);
    expect(dayPartEnd(part) > clock).toBe(true);
  });

  it("lifts spoken hours only in the afternoon and evening", () => {
    expect(["afternoon", "evening", "late"].every((p) => isAfterNoon(p as DayPart))).toBe(true);
    expect(
      [null, "morning", "forenoon", "noon"].some((p) => isAfterNoon(p as DayPart | null)),
    ).toBe(false);
  });
});
