import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../src/domain/secret.ts";
import { catalogs } from "../../src/web/i18n/index.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const { de, en } = catalogs;
/** As hono/jsx writes text into HTML. */
const html = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

describe.each(testEngines())("the console's refusals, reasons and actors on %s", (engine) => {
  let h: ConsoleHarness;
  let base: string;
  const client = async (email: string, lang: "de" | "en", first: string) => {
    const c = consoleClient(h.http, undefined, { "accept-language": lang });
    expect((await c.login(email, consolePassword)).status).toBe(303);
    await c.page(first);
    return c;
  };
  let ownerEn: ConsoleClient;
  let ownerDe: ConsoleClient;

  beforeAll(async () => {
    h = await buildConsole(engine);
    base = `/admin/companies/${h.salon.id}`;
    ownerEn = await client(logins.salon, "en", `${base}/settings`);
    ownerDe = await client(logins.salon, "de", `${base}/settings`);
  });
  afterAll(() => h.close());

  it("settings: the suggestion threshold above the automatic one, said with the field's label, the input kept", async () => {
    const { auto } = h.salon.thresholds;
    const form = { autoThreshold: String(auto), suggestThreshold: String(auto + 5) };
    const english = await ownerEn.post(`${base}/settings/matching`, form);
    expect(english.status).toBe(422);
    expect(english.html).toContain(
      html(`${en.settings.suggestThreshold}: ${en.validation.aboveAutoThreshold(auto)}`),
    );
    expect(english.html).not.toContain("is above");
    expect(english.html).toMatch(new RegExp(`name="suggestThreshold"[^>]*value="${auto + 5}"`));
    const german = await ownerDe.post(`${base}/settings/matching`, form);
    expect(german.html).toContain(
      html(
        `Vorschlagen ab (Sicherheit): höchstens ${auto} (die Schwelle der automatischen Zuordnung)`,
      ),
    );
    expect(german.html).toMatch(new RegExp(`name="suggestThreshold"[^>]*value="${auto + 5}"`));
    // zod's own limit, in German with the label; nothing was saved.
    const tooHigh = await ownerDe.post(`${base}/settings/matching`, {
      autoThreshold: "150",
      suggestThreshold: "60",
    });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.html).toContain(html("Automatisch zuordnen ab (Sicherheit): höchstens 100"));
    expect(tooHigh.html).toMatch(/name="autoThreshold"[^>]*value="150"/);
    expect((await h.store.companies.findById(h.salon.id))!.thresholds.auto).toBe(auto);
  });

  it("settings: a rejected general form keeps what was typed and words each field", async () => {
    const res = await ownerEn.post(`${base}/settings/general`, {
      name: "Salon Neu",
      timezone: "Mars/Olympus",
      locale: "de",
      country: "DEU",
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain(`${en.settings.timezone}: ${en.validation.notTimezone}`);
    expect(res.html).toContain(html(`${en.settings.country}: ${en.validation.pattern.country}`));
    expect(res.html).toMatch(/name="name"[^>]*value="Salon Neu"/);
    // The picker keeps the refused zone selected, so the user sees what they sent.
    expect(res.html).toMatch(/<option value="Mars\/Olympus" selected="">/);
    expect(res.html).toMatch(/name="country"[^>]*value="DEU"/);
  });

  it("staff add: labelled sentences in both languages, the typed values kept", async () => {
    const form = { name: "", email: "not-an-address", phone: "12", active: "true" };
    const english = await ownerEn.post(`${base}/staff/new`, form);
    expect(english.status).toBe(422);
    expect(english.html).toContain("Name: please fill this in");
    expect(english.html).toContain("Email: not an email address");
    expect(english.html).toContain(`Phone: not a phone number in ${h.salon.country}`);
    expect(english.html).toMatch(/name="email"[^>]*value="not-an-address"/);
    expect(english.html).toMatch(/name="phone"[^>]*value="12"/);
    const german = await ownerDe.post(`${base}/staff/new`, form);
    expect(german.html).toContain("Name: bitte ausfüllen");
    expect(german.html).toContain("E-Mail: keine E-Mail-Adresse");
    expect(german.html).toMatch(/name="email"[^>]*value="not-an-address"/);
  });

  it("users invite: labelled sentences, the typed values kept; the last-login column", async () => {
    const admin = await client(logins.platform, "de", "/admin/users");
    const bad = await admin.post("/admin/users/invite", {
      email: "kein-mail",
      companyId: h.salon.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("E-Mail: keine E-Mail-Adresse");
    expect(bad.html).not.toContain("is not an email address");
    expect(bad.html).toMatch(/name="email"[^>]*value="kein-mail"/);
    expect(bad.html).toMatch(new RegExp(`<option value="${h.salon.id}" selected`));
    const taken = await admin.post("/admin/users/invite", {
      email: logins.bright,
      companyId: h.salon.id,
    });
    expect(taken.html).toContain(html(`E-Mail: ${de.validation.emailTaken}`));
    expect(taken.html).toContain(`value="${logins.bright}"`);

    // Signed in: the platform admin and the salon's owner; the other company's admin never.
    const stored = await h.store.users.findManaged(h.users.platform.id);
    expect(stored!.lastLoginAt).not.toBeNull();
    expect((await h.store.users.findManaged(h.users.bright.id))!.lastLoginAt).toBeNull();
    const page = await admin.page("/admin/users");
    expect(page.html).toContain(`<th scope="col">${de.users.lastLogin}</th>`);
    const row = (email: string) =>
      new RegExp(`<tr data-email="${email}">([\\s\\S]*?)</tr>`).exec(page.html)![1]!;
    expect(row(logins.platform)).toMatch(
      new RegExp(`class="last-login"><time datetime="${stored!.lastLoginAt}">`),
    );
    expect(row(logins.bright)).toContain(de.users.neverLoggedIn);
  });

  it("audit: a change by hand names the person, never a user id; reasons are sentences", async () => {
    await h.useCases.sync.syncServiceHosts(
      { company: h.salon, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    const petra = (await h.store.staff.list(h.salon.id)).find((s) => s.name === "Petra Neumann")!;
    await ownerEn.page(`${base}/mappings`);
    const set = await ownerEn.post(`${base}/mappings/504/set`, {
      staffId: petra.id,
      back: `${base}/mappings`,
    });
    expect(set.status).toBe(303);
    const audit = await ownerDe.page(`${base}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.html).toContain(logins.salon);
    expect(audit.html).not.toContain(h.users.salon.id);
    expect(audit.html).toContain(de.matchReasons.manual);
    // The matching's own rows: its reason codes as German sentences, not the English explanation.
    expect(audit.html).not.toMatch(/<td[^>]*class="reason">email matches/);
    const mappings = await ownerDe.page(`${base}/mappings`);
    expect(mappings.html).not.toContain(">email matches");
  });

  it("Cal.com's failures as sentences: a sync run and the connection test, Cal.com's words as the detail", async () => {
    const key = h.salon.calcom.apiKey;
    await h.store.companies.update(h.salon.id, { calcomApiKey: new Secret("cal_revoked_key") });
    const company = (await h.store.companies.findById(h.salon.id))!;
    const run = await h.useCases.sync.syncTeam(
      { company, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    expect(run.status).toBe("failed");
    expect(run.run?.errorKind).toBe("unauthorized");
    const syncs = await ownerDe.page(`${base}/syncs`);
    expect(syncs.html).toContain(de.calcomErrors.unauthorized);
    expect(syncs.html).toContain(`<summary>${de.calcomErrors.detail}</summary>`);
    const tested = await ownerDe.post(`${base}/settings/test`, {}, { "hx-request": "true" });
    expect(tested.html).toContain(de.calcomErrors.unauthorized);
    expect(tested.html).not.toContain("cal_revoked_key");
    await h.store.companies.update(h.salon.id, { calcomApiKey: key });
  });
});
