export type DayPart = "morning" | "forenoon" | "noon" | "afternoon" | "evening" | "late";

/** When a vague time starts a search and when it is over for today. */
const spans: Record<DayPart, { start: string; end: string }> = {
  morning: { start: "08:00", end: "10:00" },
  forenoon: { start: "10:00", end: "12:00" },
  noon: { start: "12:00", end: "14:00" },
  afternoon: { start: "14:00", end: "18:00" },
  late: { start: "17:00", end: "20:00" },
  evening: { start: "18:00", end: "23:00" },
};

/** The clock time ("HH:mm") a vague time stands for: vormittags 10:00, nachmittags 14:00, … */
export function dayPartDefault(part: DayPart): string {
  return spans[part].start;
}

export function dayPartEnd(part: DayPart): string {
  return spans[part].end;
}

/** Day parts after which a spoken hour below 12 is meant in the afternoon ("abends um 8" = 20:00). */
export function isAfterNoon(part: DayPart | null): boolean {
  return part === "afternoon" || part === "evening" || part === "late";
}
