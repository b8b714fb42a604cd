import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { ValidationError } from "../../src/domain/errors.ts";
import { makeCreateCompany } from "../../src/features/company/create-company.ts";
import { makeUpdateCompanySettings } from "../../src/features/company/update-company-settings.ts";
import { cli } from "../support/cli.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";

/** The use-cases with an in-memory repository: what they would write, or what they refuse. */
function useCases(calcomBaseUrls?: { allowed: string[]; allowLoopback?: boolean }) {
  const written: Record<string, unknown>[] = [];
  const company = {
    id: "c1",
    calcom: { baseUrl: "https://api.cal.com" },
    thresholds: { auto: 90, suggest: 60 },
  };
  const companies = {
    create: async (input: Record<string, unknown>) => {
      written.push(input);
      return input;
    },
    update: async (_id: string, patch: Record<string, unknown>) => {
      written.push(patch);
      return patch;
    },
  };
  const create = makeCreateCompany({ companies, calcomBaseUrls } as never);
  const update = makeUpdateCompanySettings({
    companies,
    transaction: (work: (tx: unknown) => unknown) =>
      work({ companies: { ...companies, addAudit: async () => {} } }),
    clock: { now: () => new Date() },
    calcomBaseUrls,
  } as never);
  const ctx = { company, actor: { type: "cli" } } as never;
  return {
    written,
    create: (calcomBaseUrl: string) =>
      create({ type: "cli" }, { name: "Salon", slug: "salon", calcomBaseUrl }),
    settings: (patch: Record<string, unknown>) => update(ctx, patch),
  };
}

const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => `${i.where}: ${i.message}`).join("\n");
};

describe("the notification webhook URL at save time", () => {
  it.each([
    ["http://hooks.example.com/x", "must be an https:// URL"],
    ["http://127.0.0.1:8080/hook", "must be an https:// URL"],
    ["https://127.0.0.1:8080/hook", "must not point at a private or internal address"],
    ["https://169.254.169.254/latest/meta-data/", "must not point at a private or internal"],
    ["https://192.168.0.10/hook", "must not point at a private or internal"],
    ["https://[::1]/hook", "must not point at a private or internal"],
    ["https://[fd00:ec2::254]/", "must not point at a private or internal"],
    ["https://localhost/hook", "must not point at localhost"],
  ])("refuses %s", async (url, message) => {
    const app = useCases();
    expect(await refusal(app.settings({ notifyWebhookUrl: url }))).toContain(
      `notifyWebhookUrl: ${message}`,
    );
    expect(app.written).toEqual([]);
  });

  it("accepts a public https URL, and null to remove it", async () => {
    const app = useCases();
    await app.settings({ notifyWebhookUrl: "https://hooks.slack.com/services/T0/B0/x" });
    await app.settings({ notifyWebhookUrl: null });
    expect(app.written.map((w) => w.notifyWebhookUrl)).toEqual([
      "https://hooks.slack.com/services/T0/B0/x",
      null,
    ]);
  });
});

describe("the Cal.com base URL is one the platform allows", () => {
  it("allows only the hosted regions by default", async () => {
    const app = useCases();
    await app.create("https://api.cal.eu/v2/");
    await app.settings({ calcomBaseUrl: "https://api.cal.eu" });
    for (const url of [
      "http://127.0.0.1:4010",
      "http://localhost:4010",
      "https://169.254.169.254",
      "https://cal.attacker.example",
    ]) {
      expect(await refusal(app.create(url))).toContain(
        "calcomBaseUrl: is not an allowed Cal.com address",
      );
      expect(await refusal(app.settings({ calcomBaseUrl: url }))).toContain(
        "CALCOM_ALLOWED_BASE_URLS",
      );
    }
    expect(app.written.map((w) => w.calcomBaseUrl)).toEqual([
      "https://api.cal.eu",
      "https://api.cal.eu",
    ]);
  });

  it("allows a self-hosted Cal.com the platform admin lists, and loopback only when enabled", async () => {
    const selfHosted = useCases({ allowed: ["https://cal.example.org/api/"] });
    await selfHosted.create("https://cal.example.org/api/v2");
    expect(await refusal(selfHosted.create("https://api.cal.com"))).toContain("calcomBaseUrl");
    expect(await refusal(selfHosted.create("http://127.0.0.1:4010"))).toContain("calcomBaseUrl");

    const simulator = useCases({ allowed: ["https://api.cal.com"], allowLoopback: true });
    await simulator.create("http://127.0.0.1:4010");
    await simulator.create("http://localhost:4010");
    expect(await refusal(simulator.create("http://10.0.0.1:4010"))).toContain("calcomBaseUrl");
    expect(selfHosted.written.map((w) => w.calcomBaseUrl)).toEqual(["https://cal.example.org/api"]);
    expect(simulator.written).toHaveLength(2);
  });

  it("keeps a base URL already stored when other settings are saved", async () => {
    const app = useCases({ allowed: ["https://api.cal.eu"] });
    await app.settings({ calcomBaseUrl: "https://api.cal.com", name: "Renamed" });
    expect(app.written).toHaveLength(1);
  });

  it("reads CALCOM_ALLOWED_BASE_URLS and FRONTDESK_ALLOW_LOOPBACK_CALCOM", () => {
    const defaults = loadConfig({});
    expect(defaults.calcomAllowedBaseUrls).toEqual(["https://api.cal.com", "https://api.cal.eu"]);
    expect(defaults.calcomAllowLoopback).toBe(false);
    const set = loadConfig({
      CALCOM_ALLOWED_BASE_URLS: "https://api.cal.eu, https://cal.example.org",
      FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1",
    });
    expect(set.calcomAllowedBaseUrls).toEqual(["https://api.cal.eu", "https://cal.example.org"]);
    expect(set.calcomAllowLoopback).toBe(true);
    expect(() => loadConfig({ CALCOM_ALLOWED_BASE_URLS: "ftp://x" })).toThrow(
      /CALCOM_ALLOWED_BASE_URLS/,
    );
  });
});

describe.each(testEngines())(
  "the CLI refuses a Cal.com base URL the platform does not allow on %s",
  (engine) => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await freshDatabaseUrl(engine);
      cleanup = fresh.cleanup;
      env = {
        DATABASE_URL: fresh.url,
        FRONTDESK_SECRET: "outbound-url-secret",
        FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-outbound-")),
        FRONTDESK_ALLOW_LOOPBACK_CALCOM: "0",
      };
      await cli(["migrate"], env);
    });
    afterAll(() => cleanup());

    const create = (slug: string, url: string, extra: Record<string, string> = {}) =>
      cli(["company", "create", "--name", slug, "--slug", slug, "--calcom-base-url", url], {
        ...env,
        ...extra,
      });

    it("says what is wrong and creates nothing; the allow-list setting lets it through", async () => {
      const refused = await create("inside", "http://127.0.0.1:4010");
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("calcomBaseUrl: is not an allowed Cal.com address");
      const metadata = await create("meta", "https://169.254.169.254");
      expect(metadata.code).not.toBe(0);
      expect((await create("eu", "https://api.cal.eu")).code).toBe(0);
      expect(
        (
          await create("own", "https://cal.example.org", {
            CALCOM_ALLOWED_BASE_URLS: "https://cal.example.org",
          })
        ).code,
      ).toBe(0);
      expect(
        (await create("sim", "http://127.0.0.1:4010", { FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1" }))
          .code,
      ).toBe(0);
      const listed = await cli(["company", "list", "--json"], env);
      const slugs = (JSON.parse(listed.stdout) as { companies: { slug: string }[] }).companies
        .map((c) => c.slug)
        .sort();
      expect(slugs).toEqual(["eu", "own", "sim"]);
    });

    it("prints tool URLs from PUBLIC_URL only", async () => {
      const printed = await cli(["retell-tools", "--company", "eu", "--json"], {
        ...env,
        PUBLIC_URL: "https://frontdesk.example.org/",
      });
      expect(printed.code).toBe(0);
      const urls = (JSON.parse(printed.stdout) as { url: string }[]).map((t) => t.url);
      expect(urls.length).toBeGreaterThan(0);
      expect(new Set(urls)).toEqual(
        new Set(["https://frontdesk.example.org/webhooks/retell/functions"]),
      );
    });
  },
);

describe.each(testEngines())("the console's outbound URLs on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let base: string;
  beforeAll(async () => {
    // No PUBLIC_URL: the addresses shown must not come from the request.
    h = await buildConsole(engine);
    owner = consoleClient(h.http, "https://attacker.example");
    await owner.login(logins.salon, consolePassword);
    base = `/admin/companies/${h.salon.id}`;
    await owner.page(`${base}/settings`);
  });
  afterAll(() => h.close());

  it("refuses an internal notification webhook with a clear message and keeps the old one", async () => {
    await h.store.companies.update(h.salon.id, {
      notifyWebhookUrl: "https://hooks.example.com/kept",
    });
    for (const [url, message] of [
      // The salon's owner reads German.
      ["http://127.0.0.1:9000/hook", "muss eine https://-Adresse sein"],
      [
        "https://169.254.169.254/latest/meta-data/",
        "darf nicht auf eine private oder interne Adresse zeigen (169.254.169.254)",
      ],
      ["https://localhost/hook", "darf nicht auf localhost zeigen"],
    ] as const) {
      const res = await owner.post(`${base}/settings/notifications`, {
        notifyEmail: "",
        notifyWebhookUrl: url,
      });
      expect(res.status).toBe(422);
      expect(res.html).toContain(message);
    }
    expect((await h.store.companies.findById(h.salon.id))?.notifyWebhookUrl).toBe(
      "https://hooks.example.com/kept",
    );
    const ok = await owner.post(`${base}/settings/notifications`, {
      notifyEmail: "",
      notifyWebhookUrl: "https://hooks.example.com/new",
    });
    expect(ok.status).toBe(303);
  });

  it("never builds the webhook and tool URLs from the request's Host", async () => {
    const { html } = await owner.page(`${base}/settings`, {
      host: "attacker.example",
      "accept-language": "en",
    });
    expect(html).not.toContain("attacker.example");
    expect(html).toContain("https://PUBLIC_URL/webhooks/calcom/salon-beispiel");
    expect(html).toContain("https://PUBLIC_URL/webhooks/retell/functions");
    expect(html).toContain("PUBLIC_URL is not set");
  });
});
