import { describe, expect, it } from "vitest";
import { areNicknames, nicknameTable } from "./nicknames.ts";
import { isOneEditApart, normalizeEmail, normalizeName, usernameNameKey } from "./normalize.ts";

describe("normalizeName", () => {
  it("writes umlauts and ß out on both sides", () => {
    expect(normalizeName("Jörg Weiß")).toBe(normalizeName("Joerg Weiss"));
    expect(normalizeName("JÖRG WEISS")).toBe("joerg weiss");
    expect(normalizeName("Ärzteschaft Übel")).toBe("aerzteschaft uebel");
    // Decomposed input (a + combining diaeresis) is read like the composed letter.
    expect(normalizeName("Jo\u0308rg")).toBe("joerg");
  });

  it("strips other diacritics, including letters NFKD leaves alone", () => {
    expect(normalizeName("José Núñez")).toBe(normalizeName("Jose Nunez"));
    expect(normalizeName("Yıldız")).toBe("yildiz");
    expect(normalizeName("Łukasz Sørensen")).toBe(normalizeName("Lukasz Sorensen"));
    // ö is German spelling first (oe), å is a plain accent.
    expect(normalizeName("Zoë Ångström")).toBe(normalizeName("Zoe Angstroem"));
  });

  it("ignores token order and reads 'Last, First'", () => {
    expect(normalizeName("Meyer, Karl")).toBe("karl meyer");
    expect(normalizeName("Meyer Karl")).toBe("karl meyer");
  });

  it("drops titles and their qualifiers", () => {
    for (const name of [
      "Dr. Karl Meyer",
      "Prof. Dr. med. Karl Meyer",
      "Dipl.-Ing. Karl Meyer",
      "Herr Karl Meyer",
      "Mr Karl Meyer",
      "Meyer, Dr. Karl",
    ]) {
      expect(normalizeName(name), name).toBe("karl meyer");
    }
    expect(normalizeName("Frau Anna Schmidt")).toBe(normalizeName("Mrs. Anna Schmidt"));
    expect(normalizeName("Ms Anna Schmidt")).toBe("anna schmidt");
    // A qualifier on its own is a name, not a title.
    expect(normalizeName("Med Ali")).toBe("ali med");
  });

  it("treats hyphens and dots as spaces, apostrophes as nothing, and collapses whitespace", () => {
    expect(normalizeName("Hans-Peter Müller")).toBe(normalizeName("Hans Peter Mueller"));
    expect(normalizeName("O'Neil")).toBe(normalizeName("ONeil"));
    expect(normalizeName("D’Angelo")).toBe("dangelo");
    expect(normalizeName("  Karl \t  Meyer\n")).toBe("karl meyer");
    expect(normalizeName("K. Meyer")).toBe("k meyer");
  });

  it("returns '' for anything without a name in it", () => {
    for (const raw of [null, undefined, "", "   ", "Dr.", "- , .", 42 as unknown as string]) {
      expect(normalizeName(raw)).toBe("");
    }
  });
});

describe("normalizeEmail", () => {
  it("trims, lower-cases and splits off a +tag", () => {
    expect(normalizeEmail("  Anna+Cal@X.de ")).toEqual({
      full: "anna+cal@x.de",
      local: "anna+cal",
      domain: "x.de",
      base: "anna@x.de",
    });
  });

  it("keeps dots (no Gmail rules)", () => {
    expect(normalizeEmail("a.nna@gmail.com")?.base).toBe("a.nna@gmail.com");
  });

  it("returns null for missing or malformed addresses", () => {
    for (const raw of [
      null,
      undefined,
      "",
      "   ",
      "anna",
      "@x.de",
      "anna@",
      "a@b@c",
      "an na@x.de",
    ]) {
      expect(normalizeEmail(raw), String(raw)).toBeNull();
    }
  });
});

describe("isOneEditApart", () => {
  it("is true for one substitution, insertion, deletion or adjacent swap", () => {
    expect(isOneEditApart("meyer", "meier")).toBe(true);
    expect(isOneEditApart("meyer", "meyr")).toBe(true);
    expect(isOneEditApart("meyr", "meyer")).toBe(true);
    expect(isOneEditApart("meyer", "myeer")).toBe(true);
    expect(isOneEditApart("ab", "ba")).toBe(true);
  });

  it("is false for equal strings and for two edits", () => {
    expect(isOneEditApart("meyer", "meyer")).toBe(false);
    expect(isOneEditApart("meyer", "maier")).toBe(false);
    expect(isOneEditApart("meyer", "mey")).toBe(false);
    expect(isOneEditApart("abc", "cba")).toBe(false);
  });
});

describe("usernameNameKey", () => {
  it("reads a username as a name", () => {
    expect(usernameNameKey("karl.meyer93")).toBe("karl meyer");
    expect(usernameNameKey("meyer_karl")).toBe("karl meyer");
    expect(usernameNameKey(null)).toBeNull();
    expect(usernameNameKey("1234")).toBeNull();
  });
});

describe("nickname table", () => {
  it("is written in normalised spelling", () => {
    for (const names of nicknameTable) {
      for (const name of names) expect(normalizeName(name)).toBe(name);
    }
  });

  it("relates names through a shared group only", () => {
    expect(areNicknames("lena", "magdalena")).toBe(true);
    expect(areNicknames("lena", "helena")).toBe(true);
    expect(areNicknames("magdalena", "helena")).toBe(false);
    expect(areNicknames("hans", "hans")).toBe(false);
  });
});
