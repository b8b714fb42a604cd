import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, type InputIssue } from "../domain/errors.ts";
import { checkStaffValues, parseStaffFile, readStaffFile } from "../domain/staff-import.ts";
import { emailSchema, timezoneSchema } from "../features/company/company-schemas.ts";
import { companySettingsInput } from "../features/company/update-company-settings.ts";
import { parseInput } from "../features/parse-input.ts";
import { catalogs } from "./i18n/index.ts";
import { fieldErrors, issueSentence, issueSentences, issueText } from "./validation-messages.ts";

const { de, en } = catalogs;

/** The issues parseInput reports for this input. */
function issuesOf(schema: z.ZodType, input: unknown): InputIssue[] {
  try {
    parseInput(schema, input, "test");
  } catch (error) {
    if (error instanceof AppError) return error.issues;
    throw error;
  }
  throw new Error("the input was accepted");
}

const labels = { suggestThreshold: "Vorschlagsschwelle", name: "Name", email: "E-Mail" };
const say = (t: typeof en, issues: InputIssue[]) => issueSentences(t, issues, labels)[0]?.text;

describe("validation messages", () => {
  it("too_big and too_small, for numbers and text", () => {
    const big = issuesOf(companySettingsInput, { suggestThreshold: "120" });
    expect(say(de, big)).toBe("Vorschlagsschwelle: höchstens 100");
    expect(say(en, big)).toBe("Vorschlagsschwelle: at most 100");
    const small = issuesOf(companySettingsInput, { suggestThreshold: "-1" });
    expect(say(de, small)).toBe("Vorschlagsschwelle: mindestens 0");
    expect(say(en, small)).toBe("Vorschlagsschwelle: at least 0");
    const positive = issuesOf(companySettingsInput, { calcomTeamId: "-3" });
    expect(issueSentence(de, positive[0]!, { calcomTeamId: "Team-ID" }).text).toBe(
      "Team-ID: mehr als 0",
    );
    expect(issueSentence(en, positive[0]!, { calcomTeamId: "Team id" }).text).toBe(
      "Team id: more than 0",
    );
    const long = issuesOf(z.object({ name: z.string().max(5) }), { name: "abcdefg" });
    expect(say(de, long)).toBe("Name: höchstens 5 Zeichen");
    expect(say(en, long)).toBe("Name: at most 5 characters");
    const empty = issuesOf(z.object({ name: z.string().trim().min(1) }), { name: " " });
    expect(say(de, empty)).toBe("Name: darf nicht leer sein");
    expect(say(en, empty)).toBe("Name: must not be empty");
  });

  it("required (a missing value) and invalid_type", () => {
    const missing = issuesOf(z.object({ name: z.string() }), {});
    expect(missing[0]?.code).toBe("required");
    expect(say(de, missing)).toBe("Name: bitte ausfüllen");
    expect(say(en, missing)).toBe("Name: please fill this in");
    const wrong = issuesOf(companySettingsInput, { suggestThreshold: "viel" });
    expect(say(de, wrong)).toBe("Vorschlagsschwelle: muss eine Zahl sein");
    expect(say(en, wrong)).toBe("Vorschlagsschwelle: must be a number");
  });

  it("invalid_format: email, url and a pattern by field", () => {
    const email = issuesOf(z.object({ email: emailSchema }), { email: "nope" });
    expect(say(de, email)).toBe("E-Mail: keine E-Mail-Adresse");
    expect(say(en, email)).toBe("E-Mail: not an email address");
    const url = issuesOf(z.object({ site: z.url() }), { site: "nope" });
    expect(issueSentence(en, url[0]!, { site: "Site" }).text).toBe("Site: not a web address (URL)");
    expect(issueSentence(de, url[0]!, { site: "Seite" }).text).toBe(
      "Seite: keine Webadresse (URL)",
    );
    const country = issuesOf(companySettingsInput, { country: "DEU" });
    expect(issueSentence(de, country[0]!, { country: "Land" }).text).toBe(
      "Land: ein zweistelliger Ländercode wie DE",
    );
    expect(issueSentence(en, country[0]!, { country: "Country" }).text).toBe(
      "Country: a two-letter country code such as DE",
    );
  });

  it("invalid_value: the choices of an enum", () => {
    const locale = issuesOf(companySettingsInput, { locale: "fr" });
    expect(issueSentence(de, locale[0]!, { locale: "Sprache" }).text).toBe(
      "Sprache: bitte eines wählen: de, en",
    );
    expect(issueSentence(en, locale[0]!, { locale: "Language" }).text).toBe(
      "Language: choose one of: de, en",
    );
  });

  it("custom refinements carry a code, not English", () => {
    const tz = issuesOf(z.object({ timezone: timezoneSchema }), { timezone: "Mars/Base" });
    expect(tz[0]).toMatchObject({ code: "not_timezone" });
    expect(issueSentence(de, tz[0]!, { timezone: "Zeitzone" }).text).toBe(
      "Zeitzone: keine Zeitzone wie Europe/Berlin",
    );
    expect(issueSentence(en, tz[0]!, { timezone: "Time zone" }).text).toBe(
      "Time zone: not a time zone such as Europe/Berlin",
    );
    const hook = issuesOf(companySettingsInput, { notifyWebhookUrl: "http://localhost/x" });
    expect(hook[0]).toMatchObject({ code: "outbound_url" });
    expect(issueSentence(en, hook[0]!, { notifyWebhookUrl: "Webhook URL" }).text).toBe(
      "Webhook URL: must be an https:// address",
    );
    const internal = issuesOf(companySettingsInput, { notifyWebhookUrl: "https://10.0.0.7/x" });
    expect(issueSentence(de, internal[0]!, { notifyWebhookUrl: "Webhook-URL" }).text).toBe(
      "Webhook-URL: darf nicht auf eine private oder interne Adresse zeigen (10.0.0.7)",
    );
  });

  it("our own details: the thresholds' order and the staff file's rows", () => {
    const above: InputIssue = {
      where: "suggestThreshold",
      message: "70 is above 50",
      code: "above_auto_threshold",
      params: { maximum: 50 },
    };
    expect(say(de, [above])).toBe(
      "Vorschlagsschwelle: höchstens 50 (die Schwelle der automatischen Zuordnung)",
    );
    expect(say(en, [above])).toBe(
      "Vorschlagsschwelle: at most 50 (the automatic mapping's threshold)",
    );
    const { issues } = checkStaffValues(
      "line 3",
      { name: "", email: "x@", phone: "12", active: "vielleicht" },
      "DE",
    );
    expect(fieldErrors(de, issues, de.staff.fields)).toEqual({
      name: "Name: bitte ausfüllen",
      email: "E-Mail: keine E-Mail-Adresse",
      phone: "Telefon: keine Telefonnummer in DE",
      active: "Aktiv: nicht ja oder nein (true/false, ja/nein, 1/0)",
    });
    expect(fieldErrors(en, issues, en.staff.fields)).toEqual({
      name: "Name: please fill this in",
      email: "Email: not an email address",
      phone: "Phone: not a phone number in DE",
      active: "Active: not yes or no (true/false, ja/nein, 1/0)",
    });
    const repeated: InputIssue = {
      where: "line 4",
      field: "email",
      message: "a@b.de is already used on line 2",
      code: "email_repeated",
      params: { where: "line 2" },
    };
    expect(issueSentence(de, repeated, de.staff.fields).text).toBe(
      "E-Mail: schon verwendet in Zeile 2",
    );
  });

  it("a staff file's header and lines", () => {
    const parseStaffCsv = (text: string) => {
      const parsed = parseStaffFile(text, "csv", "DE");
      return { issues: parsed.ok ? [] : parsed.issues };
    };
    const { issues } = parseStaffCsv("name,abteilung\nAnna\n");
    expect(issues.map((i) => issueText(de, i, i.field ?? ""))).toEqual([
      "unbekannte Spalte „abteilung“ (die Spalten sind name, email, phone, active)",
    ]);
    const lines = parseStaffCsv("name\nAnna,zu viel\n").issues;
    expect(issueText(en, lines[0]!, "")).toBe("2 fields, but the header has 1");
    expect(issueText(de, lines[0]!, "")).toBe("2 Felder, die Kopfzeile hat aber 1");
    const header = parseStaffCsv("email\na@b.de\n").issues;
    expect(issueText(de, header[0]!, "")).toBe("die Kopfzeile hat keine Spalte name");
  });

  it("an issue without a code keeps its English words as a detail only", () => {
    const s = issueSentence(de, { where: "name", message: "odd" }, labels);
    expect(s).toEqual({ text: "Name: ist ungültig", detail: "odd" });
  });

  it("words a staff file that is not text in either encoding, naming the byte", () => {
    const read = readStaffFile(
      { bytes: new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x41, 0x81, 0x0a]), format: "csv" },
      "DE",
    );
    expect(read.issues[0]).toMatchObject({ where: "line 2", code: "encoding" });
    expect(issueSentence(de, read.issues[0]!, {}).text).toBe(
      "Zeile 2: Byte 0x81 ist weder UTF-8 noch Windows-1252; bitte die Datei als UTF-8 speichern",
    );
    expect(issueSentence(en, read.issues[0]!, {}).text).toBe(
      "Line 2: byte 0x81 is neither UTF-8 nor Windows-1252; save the file as UTF-8",
    );
  });
});
