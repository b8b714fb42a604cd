import { describe, expect, it } from "vitest";
import { nextCheck, settleSchedule } from "./settle-booking.ts";

describe("nextCheck: when a lost booking answer is looked up again", () => {
  const sent = "2030-01-01T10:00:00.000Z";
  const sentPlus = (ms: number) => new Date(Date.parse(sent) + ms);
  const minute = 60_000;
  const hour = 60 * minute;

  it("every interval for the first ten minutes", () => {
    expect(nextCheck(sent, sentPlus(15_000), 15_000)).toEqual({
      nextCheckAt: sentPlus(30_000).toISOString(),
    });
    expect(nextCheck(sent, sentPlus(9 * minute), 15_000)).toEqual({
      nextCheckAt: sentPlus(9 * minute + 15_000).toISOString(),
    });
    expect(nextCheck(sent, sentPlus(9 * minute), 200)).toEqual({
      nextCheckAt: sentPlus(9 * minute + 200).toISOString(),
    });
  });

  it("then hourly until a day has passed, then never", () => {
    expect(nextCheck(sent, sentPlus(10 * minute), 15_000)).toEqual({
      nextCheckAt: sentPlus(70 * minute).toISOString(),
    });
    // The last look comes at the day's end, not an hour after it.
    expect(nextCheck(sent, sentPlus(23 * hour + 30 * minute), 15_000)).toEqual({
      nextCheckAt: sentPlus(24 * hour).toISOString(),
    });
    expect(nextCheck(sent, sentPlus(24 * hour), 15_000)).toEqual({
      abandonedAt: sentPlus(24 * hour).toISOString(),
    });
  });

  it("looks often enough that a found booking is recorded within two minutes", () => {
    expect(settleSchedule.defaultIntervalMs).toBeLessThanOrEqual(30_000);
  });
});
