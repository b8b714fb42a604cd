import { describe, expect, it } from "vitest";
import { matchStaffWish } from "./staff-wish.ts";

const team = ["Anna Schmidt", "Anja Weber", "Jörg Müller", "Anton Berger", "Hanna Klein"];

describe("matchStaffWish", () => {
  it("finds a person by first name, surname or both, in any order", () => {
    expect(matchStaffWish("Anna", team)).toEqual({ kind: "one", index: 0 });
    expect(matchStaffWish("Schmidt", team)).toEqual({ kind: "one", index: 0 });
    expect(matchStaffWish("Weber Anja", team)).toEqual({ kind: "one", index: 1 });
  });

  it("ignores the words around a name and titles", () => {
    expect(matchStaffWish("bei der Anja", team)).toEqual({ kind: "one", index: 1 });
    expect(matchStaffWish("Frau Schmidt", team)).toEqual({ kind: "one", index: 0 });
    expect(matchStaffWish("with Anton please", team)).toEqual({ kind: "one", index: 3 });
  });

  it("reads umlauts written out or heard without dots", () => {
    for (const wish of ["Jörg", "Joerg", "Jorg", "Herr Mueller"]) {
      expect(matchStaffWish(wish, team), wish).toEqual({ kind: "one", index: 2 });
    }
  });

  it("knows nicknames, and a typo in a long name", () => {
    expect(matchStaffWish("Toni", team)).toEqual({ kind: "one", index: 3 });
    expect(matchStaffWish("Schmitt", team)).toEqual({ kind: "one", index: 0 });
  });

  it("never takes a short name one letter off for another person", () => {
    expect(matchStaffWish("Anne", team)).toEqual({ kind: "none" });
    expect(matchStaffWish("Hans", ["Hanna Klein"])).toEqual({ kind: "none" });
  });

  it("needs every spoken word to fit", () => {
    expect(matchStaffWish("Anna Weber", team)).toEqual({ kind: "none" });
    expect(matchStaffWish("bei der", team)).toEqual({ kind: "none" });
    expect(matchStaffWish("", team)).toEqual({ kind: "none" });
  });

  it("returns every best match when a name fits several people", () => {
    const two = ["Anna Schmidt", "Anna Meier", "Tom Koch"];
    expect(matchStaffWish("Anna", two)).toEqual({ kind: "several", indexes: [0, 1] });
    // The full name said is the better match.
    expect(matchStaffWish("Anna Meier", two)).toEqual({ kind: "one", index: 1 });
    // An exact first name beats a nickname.
    expect(matchStaffWish("Toni", ["Anton Berger", "Toni Lang"])).toEqual({
      kind: "one",
      index: 1,
    });
  });
});
