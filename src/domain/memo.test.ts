import { describe, expect, it } from "vitest";
import { memo } from "./memo.ts";

describe("memo", () => {
  it("computes once per key and forgets the oldest past its bound", () => {
    const calls: string[] = [];
    const upper = memo(
      (s: string) => {
        calls.push(s);
        return s.toUpperCase();
      },
      (s) => s,
      { max: 2 },
    );
    expect([upper("a"), upper("a"), upper("b"), upper("c"), upper("a")]).toEqual([
      "A",
      "A",
      "B",
      "C",
      "A",
    ]);
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });

  it("does not remember when the key is null or the value is refused", () => {
    let runs = 0;
    const read = memo(
      (s: string) => ({ s, usedNow: s.startsWith("now"), run: ++runs }),
      (s) => (s.length <= 5 ? s : null),
      { keep: (r) => !r.usedNow },
    );
    expect(read("abc").run).toBe(read("abc").run);
    expect(read("toolong").run).not.toBe(read("toolong").run);
    expect(read("now").run).not.toBe(read("now").run);
  });
});
