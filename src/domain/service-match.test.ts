import { describe, expect, it } from "vitest";
import type { Service } from "./entities.ts";
import { findService } from "./service-match.ts";

const service = (name: string, active = true): Service => ({
  id: name,
  companyId: "c",
  name,
  durationMinutes: 30,
  priceCents: null,
  active,
  calcomEventTypeId: 1,
  bookingProblem: null,
  bookability: null,
  createdAt: "",
  updatedAt: "",
});
const services = [
  service("Haarschnitt"),
  service("Färben"),
  service("Bartpflege"),
  service("Dauerwelle", false),
];

describe("findService", () => {
  it.each([
    ["Haarschnitt", "Haarschnitt"],
    ["haarschnitt ", "Haarschnitt"],
    ["Faerben", "Färben"],
    ["einen Haarschnitt bitte", "Haarschnitt"],
    ["Bart", "Bartpflege"],
    ["Harschnitt", "Haarschnitt"],
  ])("%j means %s", (spoken, expected) => {
    expect(findService(services, spoken)?.name).toBe(expected);
  });

  it.each(["", "Massage", "Dauerwelle", "  "])(
    "%j means none (unknown, inactive or empty)",
    (spoken) => {
      expect(findService(services, spoken)).toBeNull();
    },
  );

  it("refuses to guess between two candidates", () => {
    expect(findService([service("Herrenschnitt"), service("Damenschnitt")], "schnitt")).toBeNull();
  });
});
