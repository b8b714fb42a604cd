import { describe, expect, it } from "vitest";
import { gridStarts, workingIntervals } from "./availability.ts";

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe("workingIntervals", () => {
  it("places wall-clock hours in the schedule's zone on either side of a DST change", () => {
    // Europe/Berlin leaves summer time on Sunday 2026-10-25.
    const intervals = workingIntervals(
      { "5": [["09:00", "18:00"]], "1": [["09:00", "18:00"]] },
      "Europe/Berlin",
      ms("2026-10-23T00:00:00Z"),
      ms("2026-10-26T23:59:59Z"),
    );
    expect(intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-10-23T07:00:00.000Z", "2026-10-23T16:00:00.000Z"],
      ["2026-10-26T08:00:00.000Z", "2026-10-26T17:00:00.000Z"],
    ]);
  });

  it("merges ranges that meet and treats 24:00 as the next midnight", () => {
    const intervals = workingIntervals(
      {
        "3": [
          ["12:00", "18:00"],
          ["09:00", "12:00"],
          ["20:00", "24:00"],
        ],
      },
      "UTC",
      ms("2026-10-21T00:00:00Z"),
      ms("2026-10-21T23:59:59Z"),
    );
    expect(intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-10-21T09:00:00.000Z", "2026-10-21T18:00:00.000Z"],
      ["2026-10-21T20:00:00.000Z", "2026-10-22T00:00:00.000Z"],
    ]);
  });

  it("has nothing without a schedule", () => {
    expect(workingIntervals(undefined, "UTC", 0, 86_400_000)).toEqual([]);
  });
});

describe("gridStarts", () => {
  it("steps from each interval's start while the whole slot fits", () => {
    const starts = gridStarts(
      [{ start: ms("2026-10-21T09:00:00Z"), end: ms("2026-10-21T11:00:00Z") }],
      45,
      30,
    );
    expect(starts.map(iso)).toEqual([
      "2026-10-21T09:00:00.000Z",
      "2026-10-21T09:30:00.000Z",
      "2026-10-21T10:00:00.000Z",
    ]);
  });
});
