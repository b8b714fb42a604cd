import { describe, expect, it } from "vitest";
import { localDateOf, localHourOf, withZoneOffset } from "./zoned.ts";

describe("zoned views", () => {
  it("shows an instant in the zone, across the DST switch", () => {
    expect(withZoneOffset("2026-11-26T13:00:00.000Z", "Europe/Berlin")).toBe(
      "2026-11-26T14:00:00+01:00",
    );
    expect(withZoneOffset("2026-07-01T12:30:00.000Z", "Europe/Berlin")).toBe(
      "2026-07-01T14:30:00+02:00",
    );
    expect(withZoneOffset("2026-07-01T12:30:00.000Z", "Europe/London")).toBe(
      "2026-07-01T13:30:00+01:00",
    );
    expect(withZoneOffset("2026-12-01T12:30:00.000Z", "Europe/London")).toBe(
      "2026-12-01T12:30:00+00:00",
    );
    expect(localDateOf("2026-10-24T22:30:00.000Z", "Europe/Berlin")).toBe("2026-10-25");
    expect(localHourOf("2026-10-25T01:30:00.000Z", "Europe/Berlin")).toBe(2);
  });
});
