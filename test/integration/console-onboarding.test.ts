import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const en = { "accept-language": "en" };
const de = { "accept-language": "de-DE" };
const htmx = { "hx-request": "true", "accept-language": "en" };

/** Whether a step of the setup page is done, by its section's data-done. */
const stepDone = (html: string, step: string) =>
  new RegExp(`id="step-${step}"[^>]*data-done="(true|false)"`).exec(html)?.[1];

describe.each(testEngines())("the onboarding wizard and setup page on %s", (engine) => {
  let h: ConsoleHarness;
  let admin: ConsoleClient;
  let owner: ConsoleClient;
  let queries = 0;
  let counting = false;

  beforeAll(async () => {
    h = await buildConsole(engine, {
      publicUrl: "https://frontdesk.example",
      onQuery: () => {
        if (counting) queries++;
      },
    });
    admin = consoleClient(h.http);
    await admin.login(logins.platform, consolePassword);
    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
  }, 120_000);
  afterAll(() => h?.close());

  const created = async (slug: string) => (await h.store.companies.findBySlug(slug))!;
  const setup = (company: Company) => `/admin/companies/${company.id}/onboarding`;
  const wizard = (values: Record<string, string>) =>
    admin.post(
      "/admin/companies/new",
      { name: "", slug: "", suggested: "", timezone: "Europe/Berlin", locale: "de", ...values },
      en,
    );

  it("creates a company from the wizard and opens its setup page", async () => {
    const page = await admin.page("/admin/companies/new", en);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<option value="Europe/Berlin" selected="">Europe/Berlin</option>');
    expect(page.html).toContain('<option value="America/New_York">');
    expect(page.html).not.toMatch(/<input[^>]+name="timezone"/);

    // The slug follows the name until it is changed by hand.
    const slug = await admin.page(
      "/admin/companies/new/slug?name=M%C3%BCller%20%26%20S%C3%B6hne%20Friseure&slug=&suggested=",
      htmx,
    );
    expect(slug.html).toContain('value="mueller-soehne-friseure"');
    const kept = await admin.page(
      "/admin/companies/new/slug?name=Anders&slug=mein-salon&suggested=mueller",
      htmx,
    );
    expect(kept.html).toContain('value="mein-salon"');

    const post = await wizard({
      name: "Müller & Söhne",
      slug: "mueller-soehne",
      suggested: "mueller-soehne",
      timezone: "Europe/Vienna",
      locale: "en",
    });
    expect(post.status).toBe(303);
    const company = await created("mueller-soehne");
    expect(company).toMatchObject({
      name: "Müller & Söhne",
      timezone: "Europe/Vienna",
      locale: "en",
    });
    expect(post.res.headers.get("location")).toBe(`${setup(company)}?created`);
    const shown = await admin.page(`${setup(company)}?created`, en);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain("Müller &amp; Söhne was created.");
    expect(shown.html).toContain("0 of 9 done");
  });

  it("suggests the slug from the name when it is left empty", async () => {
    const post = await wizard({ name: "Zahnarzt Übermorgen" });
    expect(post.status).toBe(303);
    expect((await created("zahnarzt-uebermorgen")).name).toBe("Zahnarzt Übermorgen");
  });

  it("refuses company admins with 403", async () => {
    expect((await owner.page("/admin/companies/new")).status).toBe(403);
    expect((await owner.page("/admin/companies/new/slug?name=x")).status).toBe(403);
    const post = await owner.post("/admin/companies/new", { name: "Fremd", slug: "fremd" });
    expect(post.status).toBe(403);
    expect(await h.store.companies.findBySlug("fremd")).toBeNull();
  });

  it("says what is wrong next to the field, in the user's language, keeping what was typed", async () => {
    const before = (await h.store.companies.list()).length;
    const bad = await wizard({
      name: "Salon Schräg",
      slug: "Salon Schräg!",
      suggested: "salon-schraeg",
      timezone: "Mars/Olympus",
      locale: "en",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/id="nc-slug-error">Use lowercase letters, digits and single hyphens/);
    expect(bad.html).toContain('id="nc-timezone-error">Choose a time zone from the list.');
    expect(bad.html).toContain('value="Salon Schräg"');
    expect(bad.html).toContain('value="Salon Schräg!"');
    expect(bad.html).toMatch(/<option value="en" selected="">/);
    expect(bad.html).toContain('aria-invalid="true"');

    const german = await admin.post(
      "/admin/companies/new",
      { name: "  ", slug: "leer", timezone: "Europe/Berlin", locale: "de" },
      de,
    );
    expect(german.status).toBe(422);
    expect(german.html).toContain(
      'id="nc-name-error">Geben Sie einen Namen mit höchstens 200 Zeichen ein.',
    );
    expect(german.html).toContain('value="leer"');
    expect((await h.store.companies.list()).length).toBe(before);
  });

  it("says that a slug is taken", async () => {
    const taken = await wizard({
      name: "Noch ein Salon",
      slug: h.salon.slug,
      timezone: "Asia/Tokyo",
    });
    expect(taken.status).toBe(422);
    expect(taken.html).toContain(
      'id="nc-slug-error">Another company already uses this slug: choose another one.',
    );
    expect(taken.html).toContain('value="Noch ein Salon"');
    expect(taken.html).toContain('<option value="Asia/Tokyo" selected="">');
    const german = await admin.post(
      "/admin/companies/new",
      { name: "Noch ein Salon", slug: h.salon.slug, timezone: "Europe/Berlin", locale: "de" },
      de,
    );
    expect(german.html).toContain("Dieses Kürzel verwendet bereits ein anderes Unternehmen");
  });

  it("tests the Cal.com values typed in the setup form against the simulator", async () => {
    const company = await created("mueller-soehne");
    await admin.page(setup(company), en);
    const before = await created("mueller-soehne");
    const form = {
      calcomRegion: "self-hosted",
      calcomSelfHostedUrl: "http://calcom.test",
      calcomTeamId: "1002",
      calcomApiKey: "cal_test_bright_smiles",
    };
    const ok = await admin.post(`${setup(company)}/test`, form, htmx);
    expect(ok.status).toBe(200);
    expect(ok.html).toContain("Connected: the team has 2 event types and 3 members.");
    expect(ok.html).not.toContain("cal_test_bright_smiles");
    const wrong = await admin.post(
      `${setup(company)}/test`,
      { ...form, calcomApiKey: "cal_wrong_key" },
      htmx,
    );
    // Refused (the wording is the settings page's ConnectionResult).
    expect(wrong.html).toMatch(/id="test-result"[^>]*><div class="notice notice-danger"/);
    expect(wrong.html).not.toContain("Connected:");
    expect(wrong.html).not.toContain("cal_wrong_key");
    // A hosted region reaches the same simulator; an address outside the allow-list does not.
    const eu = await admin.post(
      `${setup(company)}/test`,
      { ...form, calcomRegion: "https://api.cal.eu" },
      htmx,
    );
    expect(eu.html).toContain("Connected: the team has 2 event types and 3 members.");
    const requests = h.calcom.state.sim.requests.length;
    const refused = await admin.post(
      `${setup(company)}/test`,
      { ...form, calcomSelfHostedUrl: "https://attacker.example" },
      en,
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('value="https://attacker.example"');
    expect(refused.html).not.toContain("cal_test_bright_smiles");
    expect(h.calcom.state.sim.requests.length).toBe(requests);
    // Nothing was saved by testing.
    expect((await created("mueller-soehne")).calcom).toEqual(before.calcom);
  });

  it("marks each step done as the company is set up", async () => {
    const company = await created("mueller-soehne");
    const url = setup(company);
    let page = await admin.page(url, en);
    for (const step of [
      "calcom",
      "sync",
      "services",
      "staff",
      "hosts",
      "phones",
      "webhook",
      "retell",
    ])
      expect(stepDone(page.html, step)).toBe("false");
    expect(page.html).toContain("Connect Cal.com first.");
    expect(page.html).toContain("https://frontdesk.example/webhooks/retell/inbound");
    expect(page.html).toContain("https://frontdesk.example/webhooks/retell/events");
    expect(page.html).toContain("https://frontdesk.example/webhooks/retell/functions");
    expect(page.html).toContain('id="retell-json"');
    expect(page.html).toContain("https://frontdesk.example/webhooks/calcom/mueller-soehne");
    expect(page.html).toContain("RETELL_API_KEY is not set on the server");
    // Not the demo: no simulator team to create.
    expect(page.html).not.toContain('id="demo-team"');
    expect((await admin.post(`${url}/demo-team`, {})).status).toBe(404);

    // Cal.com: a self-hosted address and a team another company uses (so it warns).
    const bad = await admin.post(
      `${url}/calcom`,
      {
        calcomRegion: "self-hosted",
        calcomSelfHostedUrl: "",
        calcomTeamId: "1002",
        calcomApiKey: "",
      },
      en,
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('value="1002"');
    const save = await admin.post(`${url}/calcom`, {
      calcomRegion: "self-hosted",
      calcomSelfHostedUrl: "http://calcom.test",
      calcomTeamId: "1002",
      calcomApiKey: "cal_test_bright_smiles",
    });
    expect(save.status).toBe(303);
    expect(save.res.headers.get("location")).toBe(
      `${url}?saved=calcom&warning=team-shared#step-calcom`,
    );
    page = await admin.page(`${url}?saved=calcom&warning=team-shared`, en);
    expect(page.html).toContain("Another company is already connected to this Cal.com team");
    expect(stepDone(page.html, "calcom")).toBe("true");
    expect(page.html).toContain('<option value="self-hosted" selected="">');
    expect(page.html).toContain('value="http://calcom.test"');

    // The first sync, in the background as "Sync now" runs it.
    const sync = await admin.post(`${url}/sync`, {});
    expect(sync.status).toBe(303);
    expect(sync.res.headers.get("location")).toBe(`${url}#step-sync`);
    while (h.useCases.sync.syncNow.state(company.id).running)
      await new Promise((r) => setTimeout(r, 20));
    page = await admin.page(url, en);
    expect(stepDone(page.html, "sync")).toBe("true");
    expect(page.html).toContain("2 event types are still without a service");
    expect(page.html).toContain("No active service books into an event type yet.");

    const ctx: TenantContext = { company: await created("mueller-soehne"), actor: { type: "cli" } };
    await h.useCases.service.createServiceFromEventType(ctx, 2101);
    page = await admin.page(url, en);
    expect(stepDone(page.html, "services")).toBe("true");
    expect(page.html).toContain("1 event type is still without a service");
    expect(page.html).toContain("Still to review: 2 not mapped, 0 suggested.");
    expect(stepDone(page.html, "hosts")).toBe("false");

    await h.useCases.staff.importStaff(ctx, {
      text: "name,email,phone,active\nEmily Carter,emily@brightsmiles.example,,true\nJames O'Neil,james.oneil@brightsmiles.example,,true",
      format: "csv",
    });
    await h.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
    page = await admin.page(url, de);
    expect(stepDone(page.html, "staff")).toBe("true");
    expect(stepDone(page.html, "hosts")).toBe("true");
    expect(page.html).toContain("2 aktive Personen.");

    const number = await admin.post(`${url}/phones`, { number: "+49 30 55501234", label: "" });
    expect(number.status).toBe(303);
    page = await admin.page(`${url}?saved=phones`, en);
    expect(page.html).toContain("Number added.");
    expect(page.html).toContain("+493055501234");
    expect(stepDone(page.html, "phones")).toBe("true");
    const again = await admin.post(`${url}/phones`, { number: "not a number" }, en);
    expect(again.status).toBe(422);
    expect(again.html).toContain("This number cannot be added.");

    await h.useCases.company.updateCompanySettings(ctx, {
      calcomWebhookSecret: "whsec-onboarding",
    });
    page = await admin.page(url, en);
    expect(stepDone(page.html, "webhook")).toBe("true");
    expect(page.html).toContain("7 of 9 done");
    // The Retell key is the server's (not set in tests), and no call came yet.
    expect(stepDone(page.html, "retell")).toBe("false");
    expect(page.html).toContain("No call yet");
    expect(page.html).toContain(`href="/admin/companies/${company.id}/test-call"`);

    const dashboard = await admin.page(`/admin/companies/${company.id}`, en);
    expect(dashboard.html).toContain("Setup: 7 of 9 done");
    expect(dashboard.html).toContain(`href="${url}"`);
  }, 60_000);

  it("reads the checklist in as many queries for a big company as for a new one", async () => {
    const count = async (company: Company) => {
      queries = 0;
      counting = true;
      try {
        await h.useCases.company.onboardingChecklist({ company, actor: { type: "cli" } });
        return queries;
      } finally {
        counting = false;
      }
    };
    const fresh = await count(await created("zahnarzt-uebermorgen"));
    expect(fresh).toBe(8);
    expect(await count(h.big)).toBe(fresh);
    expect(await count(await created("mueller-soehne"))).toBe(fresh);
  });

  it("lets a company admin see their own setup, but not add numbers", async () => {
    const own = await owner.page(setup(h.salon), en);
    expect(own.status).toBe(200);
    expect(own.html).toContain("only a platform admin can add or remove them");
    const post = await owner.post(`${setup(h.salon)}/phones`, { number: "+49 30 55509999" }, en);
    expect(post.status).toBe(403);
  });

  it("answers another company's setup page and every action with 404", async () => {
    const other = setup(h.bright);
    const before = await h.store.companies.findById(h.bright.id);
    const page = await owner.page(other);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain(h.bright.name);
    const forms: Record<string, Record<string, string>> = {
      calcom: { calcomRegion: "https://api.cal.com", calcomTeamId: "1001", calcomApiKey: "x" },
      test: { calcomRegion: "https://api.cal.com", calcomTeamId: "1001" },
      "demo-team": {},
      sync: {},
      phones: { number: "+49 30 55508888" },
    };
    for (const [verb, form] of Object.entries(forms)) {
      const post = await owner.post(`${other}/${verb}`, form);
      expect(post.status, verb).toBe(404);
      expect(post.html).not.toContain(h.bright.name);
    }
    expect(h.useCases.sync.syncNow.state(h.bright.id).running).toBe(false);
    expect(await h.store.companies.findById(h.bright.id)).toEqual(before);
    expect(await h.store.phoneNumbers.findByNumber("+493055508888")).toBeNull();
  });
});
