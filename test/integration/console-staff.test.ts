import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Staff } from "../../src/domain/entities.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import { newStaff } from "../support/factories.ts";

const en = { "accept-language": "en" };
const de = { "accept-language": "de" };
/** Excel's plain "CSV" on a German Windows: "ö" is the single byte 0xF6 (German letters are Latin-1's). */
const windows1252 = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe.each(testEngines())("console staff pages on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let ownerDe: ConsoleClient;
  let base: string;
  const staffOf = (companyId: string) => h.store.staff.list(companyId);
  const byName = async (name: string) =>
    (await staffOf(h.salon.id)).find((s) => s.name === name) as Staff;

  /** A multipart upload as a browser sends it, with the client's cookies and CSRF token. */
  async function upload(
    client: ConsoleClient,
    path: string,
    file: { name: string; bytes: Uint8Array | string } | string | null,
  ) {
    const body = new FormData();
    body.set("_csrf", client.csrf);
    if (typeof file === "string") body.set("file", file);
    else if (file) body.set("file", new File([file.bytes], file.name));
    const res = await h.http.request(`http://console.test${path}`, {
      method: "POST",
      body,
      headers: { cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join("; "), ...en },
    });
    return { status: res.status, html: await res.text(), res };
  }
  const hidden = (html: string, name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";

  beforeAll(async () => {
    h = await buildConsole(engine);
    base = `/admin/companies/${h.salon.id}`;
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    await owner.page(`${base}/staff`);
    ownerDe = consoleClient(h.http, undefined, de);
    await ownerDe.login(logins.salon, consolePassword);
    await ownerDe.page(`${base}/staff`);
  });
  afterAll(() => h.close());

  it("lists the company's staff, active first, with the Staff tab in both languages", async () => {
    await newStaff(h.store, h.salon, { name: "Aaron Inaktiv", email: null, active: false });
    // The host matching "Sync now" runs: Jörg Müller is then mapped to Cal.com host 501.
    await h.useCases.sync.syncServiceHosts(
      { company: h.salon, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    const page = await owner.page(`${base}/staff`);
    expect(page.html).toContain("Jörg Müller #501");
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="[^"]*\/staff" aria-current="page">Staff<\/a>/);
    for (const name of ["Jörg Müller", "Anna Schmidt", "Aaron Inaktiv"])
      expect(page.html).toContain(name);
    // Active first: the inactive "Aaron" comes after every active name.
    expect(page.html.indexOf("Aaron Inaktiv")).toBeGreaterThan(page.html.indexOf("Petra Neumann"));
    expect(page.html).not.toContain("Emily Carter");
    const german = await ownerDe.page(`${base}/staff`);
    expect(german.html).toContain(">Mitarbeitende</a>");
    expect(german.html).toContain("Mitarbeiterdatei hochladen");
  });

  it("adds a staff member; refusals name the field in the user's language and keep the input", async () => {
    const added = await owner.post(`${base}/staff/new`, {
      name: "Neue Kollegin",
      email: "Neu@Salon-Beispiel.de",
      phone: "030 7654321",
      active: "true",
    });
    expect(added.status).toBe(303);
    expect(await byName("Neue Kollegin")).toMatchObject({
      email: "neu@salon-beispiel.de",
      phone: "+49307654321",
      active: true,
    });
    const list = await owner.page(added.res.headers.get("location")!);
    expect(list.html).toContain("Neue Kollegin was added.");

    const before = (await staffOf(h.salon.id)).length;
    const bad = await owner.post(`${base}/staff/new`, {
      name: "  ",
      email: "not-an-email",
      phone: "12",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Name: please fill this in");
    expect(bad.html).toContain("Email: not an email address");
    expect(bad.html).toContain("Phone: not a phone number in DE");
    expect(bad.html).toContain('value="not-an-email"');
    const badDe = await ownerDe.post(`${base}/staff/new`, { name: "Eva", email: "x@" });
    expect(badDe.status).toBe(422);
    expect(badDe.html).toContain("E-Mail: keine E-Mail-Adresse");
    expect(badDe.html).toContain('value="Eva"');

    const taken = await owner.post(`${base}/staff/new`, {
      name: "Doppelt",
      email: "anna.schmidt@salon-beispiel.de",
    });
    expect(taken.status).toBe(422);
    expect(taken.html).toContain("another staff member already has this email address");
    expect((await staffOf(h.salon.id)).length).toBe(before);
  });

  it("parallel submits of one new staff member create it once", async () => {
    const form = { name: "Parallel Person", email: "parallel@salon-beispiel.de", active: "true" };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => owner.post(`${base}/staff/new`, form)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 422, 422, 422]);
    const rows = (await staffOf(h.salon.id)).filter((s) => s.email === form.email);
    expect(rows).toHaveLength(1);
  });

  it("edits a staff member, and refuses another one's email", async () => {
    const anna = await byName("Anna Schmidt");
    const form = await owner.page(`${base}/staff/${anna.id}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="anna.schmidt@salon-beispiel.de"');
    const saved = await owner.post(`${base}/staff/${anna.id}`, {
      name: "Anna Schmidt-Berg",
      email: "anna.schmidt@salon-beispiel.de",
      phone: "+49 30 111222",
    });
    expect(saved.status).toBe(303);
    expect(await h.store.staff.findById(h.salon.id, anna.id)).toMatchObject({
      name: "Anna Schmidt-Berg",
      phone: "+4930111222",
      active: true,
    });
    const conflict = await owner.post(`${base}/staff/${anna.id}`, {
      name: "Anna Schmidt-Berg",
      email: "joerg.mueller@salon-beispiel.de",
    });
    expect(conflict.status).toBe(422);
    expect(conflict.html).toContain('value="joerg.mueller@salon-beispiel.de"');
    expect((await h.store.staff.findById(h.salon.id, anna.id))?.email).toBe(
      "anna.schmidt@salon-beispiel.de",
    );
  });

  it("deactivates and reactivates after asking first", async () => {
    const petra = await byName("Petra Neumann");
    const ask = await owner.page(`${base}/staff/${petra.id}/active`);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain("Deactivate Petra Neumann?");
    expect(ask.html).toContain('name="active" value="false"');
    const off = await owner.post(`${base}/staff/${petra.id}/active`, { active: "false" });
    expect(off.status).toBe(303);
    expect((await h.store.staff.findById(h.salon.id, petra.id))?.active).toBe(false);
    // The same form again: the state asked for, not a toggle.
    await owner.post(`${base}/staff/${petra.id}/active`, { active: "false" });
    expect((await h.store.staff.findById(h.salon.id, petra.id))?.active).toBe(false);
    expect((await owner.page(`${base}/staff/${petra.id}/active`)).html).toContain(
      "Reactivate Petra Neumann?",
    );
    await owner.post(`${base}/staff/${petra.id}/active`, { active: "true" });
    expect((await h.store.staff.findById(h.salon.id, petra.id))?.active).toBe(true);
    expect((await owner.post(`${base}/staff/${petra.id}/active`, { active: "maybe" })).status).toBe(
      400,
    );
  });

  it("previews an upload with per-line errors and offers no import", async () => {
    const before = await staffOf(h.salon.id);
    const csv =
      "name,email,phone,active\nGute Zeile,gut@salon-beispiel.de,,ja\n,leer@x.de,,\nKaputt,kein-mail,,ja\n";
    const preview = await upload(owner, `${base}/staff/import/preview`, {
      name: "staff.csv",
      bytes: csv,
    });
    expect(preview.status).toBe(422);
    expect(preview.html).toContain("2 problems");
    expect(preview.html).toMatch(/Line 3<\/strong> · Name/);
    expect(preview.html).toMatch(/Line 4<\/strong> · Email/);
    expect(preview.html).toContain("Gute Zeile");
    expect(preview.html).not.toContain(`action="${base}/staff/import"`);
    expect(await staffOf(h.salon.id)).toEqual(before);
  });

  it("previews a Windows-1252 file as new / changed / unchanged and imports exactly that file", async () => {
    const csv = [
      "Name;E-Mail;Telefon;Aktiv",
      "Katrin Löwe;katrin@salon-beispiel.de;;ja",
      "Jörg Müller;joerg.mueller@salon-beispiel.de;030 1234567;nein",
      "Lena Groß;lena@salon-beispiel.de;;ja",
    ].join("\r\n");
    const file = windows1252(csv);
    const preview = await upload(owner, `${base}/staff/import/preview`, {
      name: "Mitarbeiter.csv",
      bytes: file,
    });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain("Windows-1252 (Excel)");
    expect(preview.html).toContain("Katrin Löwe");
    expect(preview.html).toContain("1 new, 1 changed, 1 unchanged.");
    expect(preview.html).toContain('class="badge badge-warn">changed');
    const form = {
      format: hidden(preview.html, "format"),
      file: hidden(preview.html, "file"),
      sha256: hidden(preview.html, "sha256"),
      fileName: "Mitarbeiter.csv",
    };
    expect(form.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Anything but the previewed file is refused, and nothing is written.
    const before = await staffOf(h.salon.id);
    const other = Buffer.from("name\nSomeone Else\n").toString("base64url");
    const swapped = await owner.post(`${base}/staff/import`, { ...form, file: other });
    expect(swapped.status).toBe(422);
    expect(swapped.html).toContain("This is not the file that was previewed");
    const noHash = await owner.post(`${base}/staff/import`, { ...form, sha256: "" });
    expect(noHash.status).toBe(422);
    expect(await staffOf(h.salon.id)).toEqual(before);

    const applied = await owner.post(`${base}/staff/import`, form);
    expect(applied.status).toBe(303);
    expect((await owner.page(applied.res.headers.get("location")!)).html).toContain(
      "Imported: 1 created, 1 updated, 1 unchanged.",
    );
    expect(await byName("Katrin Löwe")).toMatchObject({ email: "katrin@salon-beispiel.de" });
    expect((await byName("Jörg Müller")).active).toBe(false);
    // Applying the same file again changes nothing.
    await owner.post(`${base}/staff/import`, form);
    expect((await staffOf(h.salon.id)).length).toBe(before.length + 1);
  });

  it("parallel imports of one file write its rows once, all or none", async () => {
    const csv =
      "name,email\nParallel Eins,p1@salon-beispiel.de\nParallel Zwei,p2@salon-beispiel.de\n";
    const preview = await upload(owner, `${base}/staff/import/preview`, {
      name: "p.csv",
      bytes: csv,
    });
    const form = {
      format: hidden(preview.html, "format"),
      file: hidden(preview.html, "file"),
      sha256: hidden(preview.html, "sha256"),
    };
    const results = await Promise.all(
      Array.from({ length: 3 }, () => owner.post(`${base}/staff/import`, form)),
    );
    for (const r of results) expect([303, 409]).toContain(r.status);
    const rows = (await staffOf(h.salon.id)).filter((s) => s.email?.startsWith("p"));
    expect(rows.map((s) => s.email).sort()).toEqual([
      "p1@salon-beispiel.de",
      "p2@salon-beispiel.de",
      "parallel@salon-beispiel.de",
      "petra.neumann@salon-beispiel.de",
    ]);
  });

  it("answers a broken multipart body with 4xx", async () => {
    const res = await h.http.request(`http://console.test${base}/staff/import/preview`, {
      method: "POST",
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname',
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        "x-csrf-token": owner.csrf,
        cookie: [...owner.jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it("refuses a UTF-16 upload with a clear message", async () => {
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ..."name\nA\n".split("").flatMap((c) => [c.charCodeAt(0), 0]),
    ]);
    const preview = await upload(owner, `${base}/staff/import/preview`, {
      name: "unicode.csv",
      bytes: utf16,
    });
    // The NUL check refuses UTF-16 before any route reads it; either way nothing is read.
    expect([400, 422]).toContain(preview.status);
    expect(preview.html).toMatch(/UTF-16|NUL/);
  });

  it("refuses hostile uploads and bodies with 4xx, never 5xx", async () => {
    const before = await staffOf(h.salon.id);
    const noFile = await upload(owner, `${base}/staff/import/preview`, null);
    expect(noFile.status).toBe(422);
    expect(noFile.html).toContain("Please choose a file");
    const textField = await upload(owner, `${base}/staff/import/preview`, "name\nA\n");
    expect(textField.status).toBe(422);
    const urlencoded = await owner.post(`${base}/staff/import/preview`, { file: "name\nA" });
    expect(urlencoded.status).toBe(422);
    const big = await upload(owner, `${base}/staff/import/preview`, {
      name: "big.csv",
      bytes: `name\n${"x".repeat(41 * 1024)}\n`,
    });
    expect(big.status).toBe(413);
    expect(big.html).toContain("larger than 40 KiB");
    // 39 KiB of "€" in Windows-1252 is 117 KiB of UTF-8: too much to carry back for the import.
    const euros = await upload(owner, `${base}/staff/import/preview`, {
      name: "euro.csv",
      bytes: new Uint8Array([
        ...new TextEncoder().encode("name\n"),
        ...new Uint8Array(39 * 1024).fill(0x80),
      ]),
    });
    expect(euros.status).toBe(413);
    const huge = await upload(owner, `${base}/staff/import/preview`, {
      name: "huge.csv",
      bytes: "x".repeat(70 * 1024),
    });
    expect(huge.status).toBe(413);
    const bigName = await owner.post(`${base}/staff/new`, { name: "x".repeat(50_000) });
    expect(bigName.status).toBe(422);
    expect(bigName.html).toContain("at most 200 characters");
    const nul = await owner.post(`${base}/staff/new`, { name: "A\u0000B" });
    expect(nul.status).toBe(400);
    const arrays = await owner.post(`${base}/staff/new`, {
      name: ["A", "B"],
      email: ["a@x.de", "b"],
    });
    expect(arrays.status).toBeLessThan(500);
    const badImport = await owner.post(`${base}/staff/import`, {
      file: "%%%",
      sha256: "zz",
      format: "xml",
    });
    expect(badImport.status).toBe(422);
    const noCsrf = await owner.post(`${base}/staff/new`, { name: "Ohne Token", _csrf: "wrong" });
    expect(noCsrf.status).toBe(403);
    expect(await staffOf(h.salon.id)).toHaveLength(before.length + (arrays.status === 303 ? 1 : 0));
    expect(h.loggedErrors).toEqual([]);
  });

  it("answers 404 for another company's staff pages and staff ids, GET and POST, and changes nothing", async () => {
    const brightBase = `/admin/companies/${h.bright.id}`;
    const [emily] = (await staffOf(h.bright.id)).filter((s) => s.name === "Emily Carter");
    const brightBefore = await staffOf(h.bright.id);
    for (const path of [
      `${brightBase}/staff`,
      `${brightBase}/staff/new`,
      `${brightBase}/staff/${emily!.id}`,
      `${brightBase}/staff/${emily!.id}/active`,
      `${base}/staff/${emily!.id}`,
      `${base}/staff/${emily!.id}/active`,
      `${base}/staff/no-such-id`,
    ]) {
      expect((await owner.page(path)).status, path).toBe(404);
    }
    for (const [path, form] of [
      [`${brightBase}/staff/new`, { name: "Eindringling" }],
      [`${brightBase}/staff/${emily!.id}`, { name: "Gekapert" }],
      [`${brightBase}/staff/${emily!.id}/active`, { active: "false" }],
      [`${base}/staff/${emily!.id}`, { name: "Gekapert" }],
      [`${base}/staff/${emily!.id}/active`, { active: "false" }],
      [`${brightBase}/staff/import`, { file: "", sha256: "" }],
    ] as const) {
      expect((await owner.post(path, form)).status, path).toBe(404);
    }
    expect(
      (
        await upload(owner, `${brightBase}/staff/import/preview`, {
          name: "a.csv",
          bytes: "name\nX\n",
        })
      ).status,
    ).toBe(404);
    expect(await staffOf(h.bright.id)).toEqual(brightBefore);
  });
});
