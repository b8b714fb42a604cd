import { describe, expect, it } from "vitest";
import { parseStaffFile, planStaffImport, readStaffFile } from "./staff-import.ts";

describe("parseStaffFile", () => {
  it("reads CSV rows into normalised staff", () => {
    const csv =
      "name,email,phone,active\nJörg Müller, Joerg@Salon.DE ,030 1234567,ja\nAnna Schmidt,,,false\n";
    expect(parseStaffFile(csv, "csv", "DE")).toEqual({
      ok: true,
      rows: [
        {
          where: "line 2",
          name: "Jörg Müller",
          email: "joerg@salon.de",
          phone: "+49301234567",
          active: true,
        },
        { where: "line 3", name: "Anna Schmidt", email: null, phone: null, active: false },
      ],
    });
  });

  it("accepts German headers and semicolons", () => {
    const result = parseStaffFile(
      "Name;E-Mail;Telefon;Aktiv\nKarl Meyer;karl@x.de;;nein",
      "csv",
      "DE",
    );
    expect(result).toMatchObject({ ok: true, rows: [{ name: "Karl Meyer", active: false }] });
  });

  it("reports every bad line with its number and field", () => {
    const csv = [
      "name,email,phone,active",
      "Good Person,good@x.de,,",
      ",missing@x.de,,",
      "Bad Mail,not-an-email,,",
      "Bad Phone,,12,",
      "Bad Flag,,,vielleicht",
      "Dup,good@x.de,,",
    ].join("\n");
    const result = parseStaffFile(csv, "csv", "DE");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.where}:${i.field}`)).toEqual([
      "line 3:name",
      "line 4:email",
      "line 5:phone",
      "line 6:active",
      "line 7:email",
    ]);
    expect(result.issues[4]?.message).toContain("line 2");
  });

  it("refuses unknown columns and a missing name column", () => {
    const result = parseStaffFile("nmae,email\nx,y", "csv", "DE");
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { where: "line 1", field: "nmae" },
        { where: "line 1", message: "the header has no name column" },
      ],
    });
  });

  it("reads JSON and names problems by JSON path", () => {
    const json = JSON.stringify([
      { name: "Anna", email: "anna@x.de", active: true },
      { name: 5 },
      "x",
    ]);
    const result = parseStaffFile(json, "json", "DE");
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { where: "$[1]", field: "name" },
        { where: "$[2]", message: "must be an object" },
      ],
    });
    expect(parseStaffFile("{oops", "json", "DE")).toMatchObject({
      ok: false,
      issues: [{ where: "$" }],
    });
  });

  it("refuses an empty file", () => {
    expect(parseStaffFile("name,email\n", "csv", "DE")).toMatchObject({ ok: false });
    expect(parseStaffFile("", "csv", "DE")).toMatchObject({ ok: false });
  });
});

describe("planStaffImport", () => {
  const staff = (id: string, name: string, email: string | null, active = true) => ({
    id,
    companyId: "c",
    name,
    email,
    phone: null,
    active,
    createdAt: "",
    updatedAt: "",
  });

  it("matches by email, else by name for staff without email, and says what changes", () => {
    const existing = [staff("1", "Anna", "anna@x.de"), staff("2", "Ben", null)];
    const parsed = parseStaffFile(
      "name,email,active\nAnna,anna@x.de,ja\nben,,nein\nCem,cem@x.de,ja\n",
      "csv",
      "DE",
    );
    if (!parsed.ok) throw new Error("fixture");
    expect(
      planStaffImport(existing, parsed.rows).map((p) => [p.row.name, p.change, p.current?.id]),
    ).toEqual([
      ["Anna", "unchanged", "1"],
      ["ben", "changed", "2"],
      ["Cem", "new", undefined],
    ]);
  });
});

describe("readStaffFile", () => {
  it("decodes bytes before parsing and reports a refused encoding as a file issue", () => {
    const cp1252 = Uint8Array.from("name\nKatrin Löwe\n", (c) => c.charCodeAt(0));
    expect(readStaffFile({ format: "csv", bytes: cp1252 }, "DE")).toMatchObject({
      encoding: "windows-1252",
      rows: [{ name: "Katrin Löwe" }],
      issues: [],
    });
    expect(
      readStaffFile({ format: "csv", bytes: new Uint8Array([0xff, 0xfe, 0x6e, 0]) }, "DE"),
    ).toMatchObject({ text: null, rows: [], issues: [{ where: "file" }] });
  });
});
