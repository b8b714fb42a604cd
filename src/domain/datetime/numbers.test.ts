import { describe, expect, it } from "vitest";
import { cardinal, ordinal } from "./numbers.ts";

describe("cardinal", () => {
  it.each([
    ["3", 3],
    ["14", 14],
    ["drei", 3],
    ["eins", 1],
    ["zwo", 2],
    ["zwoelf", 12],
    ["siebzehn", 17],
    ["dreissig", 30],
    ["fuenfundvierzig", 45],
    ["einundzwanzig", 21],
    ["two", 2],
    ["twelve", 12],
    ["thirty", 30],
    ["forty-five", 45],
  ])("reads %s as %i", (word, value) => {
    expect(cardinal(word)).toBe(value);
  });

  it.each([
    "",
    "drei-",
    "undzwanzig",
    "zehnundzwanzig",
    "twenty-twenty",
    "constructor",
    "abc",
    "123",
  ])("refuses %j", (word) => {
    expect(cardinal(word)).toBeNull();
  });
});

describe("ordinal", () => {
  it.each([
    ["7.", 7],
    ["7", 7],
    ["1st", 1],
    ["22nd", 22],
    ["ersten", 1],
    ["erste", 1],
    ["dritten", 3],
    ["siebten", 7],
    ["achten", 8],
    ["sechsten", 6],
    ["neunzehnten", 19],
    ["zwanzigsten", 20],
    ["einunddreissigsten", 31],
    ["first", 1],
    ["seventh", 7],
    ["twentieth", 20],
    ["twenty-first", 21],
    ["thirty-first", 31],
  ])("reads %s as %i", (word, value) => {
    expect(ordinal(word)).toBe(value);
  });

  it.each(["0", "32", "32nd", "zweiunddreissigsten", "morgen", "the", "zehnte-", "thirty-ninth"])(
    "refuses %j",
    (word) => {
      expect(ordinal(word)).toBeNull();
    },
  );
});
