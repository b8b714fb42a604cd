import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";

const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-company-"));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe.each(testEngines())(
  "company update and services before the first sync on %s",
  (engine) => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    let sim: RunningSimulator;
    const show = async (slug: string) => {
      const listed = await cli(["company", "list", "--json"], env);
      return JSON.parse(listed.stdout).companies.find((c: { slug: string }) => c.slug === slug);
    };

    beforeAll(async () => {
      sim = await startSimulator(demoFixture());
      const fresh = await freshDatabaseUrl(engine);
      cleanup = fresh.cleanup;
      env = {
        DATABASE_URL: fresh.url,
        FRONTDESK_SECRET: "cli-update-secret",
        FRONTDESK_DATA_DIR: dir,
      };
      await cli(["migrate"], env);
      for (const slug of ["salon", "bright"]) {
        expect((await cli(["company", "create", "--name", slug, "--slug", slug], env)).code).toBe(
          0,
        );
      }
    });
    afterAll(async () => {
      await sim.close();
      await cleanup();
    });

    it("changes everything creation sets, reading credentials from a file or stdin, printing none", async () => {
      const keyFile = file("key.txt", "cal_test_salon_beispiel\n");
      const updated = await cli(
        [
          "company",
          "update",
          "--company",
          "salon",
          "--name",
          "Salon Beispiel",
          "--slug",
          "salon-beispiel",
          "--timezone",
          "Europe/Vienna",
          "--locale",
          "en",
          "--country",
          "at",
          "--calcom-base-url",
          sim.url,
          "--calcom-team-id",
          "1001",
          "--calcom-api-key-file",
          keyFile,
          "--calcom-webhook-secret-stdin",
          "--json",
        ],
        env,
        "whsec_verysecret_value\n",
      );
      expect(updated.code).toBe(0);
      expect(JSON.parse(updated.stdout)).toEqual({
        company: expect.objectContaining({
          name: "Salon Beispiel",
          slug: "salon-beispiel",
          timezone: "Europe/Vienna",
          locale: "en",
          country: "AT",
          calcom: { baseUrl: sim.url, teamId: 1001, apiKeySet: true, webhookSecretSet: true },
        }),
        warnings: [],
      });
      expect(updated.stdout + updated.stderr).not.toMatch(/cal_test_salon|verysecret/);
      // The stored key is the file's, without its newline: the team sync works with it.
      expect((await cli(["sync-teams", "--company", "salon-beispiel"], env)).code).toBe(0);

      const text = await cli(
        [
          "company",
          "update",
          "--company",
          "salon-beispiel",
          "--calcom-base-url",
          "https://api.cal.eu",
        ],
        env,
      );
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("updated company Salon Beispiel (slug salon-beispiel");
      expect((await show("salon-beispiel")).calcom.baseUrl).toBe("https://api.cal.eu");
      const back = await cli(
        [
          "company",
          "update",
          "--company",
          "salon-beispiel",
          "--calcom-base-url",
          sim.url,
          "--slug",
          "salon",
        ],
        env,
      );
      expect(back.stdout).toContain("Cal.com webhooks now go to /webhooks/calcom/salon");
      expect((await show("salon")).calcom.baseUrl).toBe(sim.url);
    });

    it("refuses hostile input naming the option or field, and writes nothing of it", async () => {
      const before = await show("salon");
      const bad = await cli(
        [
          "company",
          "update",
          "--company",
          "salon",
          "--name",
          "Half Written",
          "--timezone",
          "Mars/Olympus",
          "--calcom-base-url",
          "https://evil.example",
        ],
        env,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("timezone: is not an IANA time zone");
      expect(bad.stderr).toContain("usage: frontdesk company update");
      const outside = await cli(
        [
          "company",
          "update",
          "--company",
          "salon",
          "--name",
          "Half Written",
          "--calcom-base-url",
          "https://evil.example",
        ],
        env,
      );
      expect(outside.code).toBe(2);
      expect(outside.stderr).toContain("calcomBaseUrl: is not an allowed Cal.com address");
      expect(await show("salon")).toEqual(before);

      const taken = await cli(
        ["company", "update", "--company", "salon", "--slug", "bright", "--json"],
        env,
      );
      expect(taken.code).toBe(1);
      expect(JSON.parse(taken.stdout)).toMatchObject({
        ok: false,
        error: { code: "conflict", message: 'a company with the slug "bright" already exists' },
      });

      const cases: [string[], string][] = [
        [[], "give at least one of --name, --slug"],
        [
          ["--calcom-api-key-stdin", "--calcom-webhook-secret-stdin"],
          "--calcom-webhook-secret-stdin:",
        ],
        [
          ["--calcom-api-key-file", join(dir, "missing.txt")],
          "--calcom-api-key-file: no such file",
        ],
        [["--calcom-api-key-file", file("empty.txt", "\n")], "--calcom-api-key-file: is empty"],
        [["--calcom-webhook-secret-stdin"], "--calcom-webhook-secret-stdin: is empty"],
        [["--slug", "Not A Slug"], "slug: use lowercase letters"],
        [["--calcom-team-id", "abc"], "must be a whole number above 0"],
        [["--locale", "fr"], "Allowed choices are de, en"],
      ];
      for (const [args, message] of cases) {
        const refused = await cli(["company", "update", "--company", "salon", ...args], env);
        expect(refused.code, args.join(" ")).toBe(2);
        expect(refused.stderr).toContain(message);
      }
      const unknown = await cli(["company", "update", "--company", "nobody", "--name", "X"], env);
      expect(unknown.code).toBe(1);
      expect(await show("salon")).toEqual(before);
    });

    it("warns when another company uses the same Cal.com team, naming its slug for the operator", async () => {
      const created = await cli(
        [
          "company",
          "create",
          "--name",
          "Copy",
          "--slug",
          "copy",
          "--calcom-base-url",
          sim.url,
          "--calcom-team-id",
          "1001",
        ],
        env,
      );
      expect(created.code).toBe(0);
      expect(created.stdout).toContain("created company Copy");
      expect(created.stderr).toContain(
        `warning: Cal.com team 1001 at ${sim.url} is also connected to salon`,
      );

      const json = await cli(
        [
          "company",
          "update",
          "--company",
          "bright",
          "--calcom-base-url",
          sim.url,
          "--calcom-team-id",
          "1001",
          "--json",
        ],
        env,
      );
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).warnings).toEqual([
        {
          code: "calcom_team_shared",
          baseUrl: sim.url,
          teamId: 1001,
          otherCompanies: ["copy", "salon"],
        },
      ]);
      expect(json.stderr).toBe("");

      // Another team, or the same id at another Cal.com: no warning.
      const apart = await cli(
        ["company", "update", "--company", "bright", "--calcom-team-id", "1002", "--json"],
        env,
      );
      expect(JSON.parse(apart.stdout).warnings).toEqual([]);
      const elsewhere = await cli(
        ["company", "update", "--company", "copy", "--calcom-base-url", "https://api.cal.com"],
        env,
      );
      expect(elsewhere.stderr).toBe("");
    });

    it("creates a service for an event type before the first sync, syncing the team then", async () => {
      const key = file("bright-key.txt", "cal_test_bright_smiles");
      await cli(["company", "update", "--company", "bright", "--calcom-api-key-file", key], env);
      const created = await cli(
        [
          "service",
          "create",
          "--company",
          "bright",
          "--name",
          "Check-up",
          "--duration",
          "30",
          "--event-type-id",
          "2101",
          "--json",
        ],
        env,
      );
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout).service).toMatchObject({
        name: "Check-up",
        eventTypeId: 2101,
      });
      const eventTypes = await cli(["event-types", "list", "--company", "bright", "--json"], env);
      expect(eventTypes.stdout).toContain("2102");

      const missing = await cli(
        [
          "service",
          "create",
          "--company",
          "bright",
          "--name",
          "X",
          "--duration",
          "30",
          "--event-type-id",
          "9999",
        ],
        env,
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("Cal.com team 1002 has no event type 9999");
      expect(missing.stderr).toContain("choose one of: 2101");
      // Another team's event type is not found there either.
      const foreign = await cli(
        [
          "service",
          "create",
          "--company",
          "bright",
          "--name",
          "X",
          "--duration",
          "30",
          "--event-type-id",
          "2001",
        ],
        env,
      );
      expect(foreign.code).toBe(2);
      expect(foreign.stderr).toContain("Cal.com team 1002 has no event type 2001");
    });

    it("rotates the webhook secret with --new-webhook-secret, keeping the old one for 24 hours", async () => {
      expect(
        (await cli(["company", "create", "--name", "Rotate", "--slug", "rotate"], env)).code,
      ).toBe(0);
      const first = await cli(
        ["company", "update", "--company", "rotate", "--new-webhook-secret", "--json"],
        env,
      );
      expect(first.code).toBe(0);
      const made = JSON.parse(first.stdout);
      expect(made.webhookSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      // There was no secret before: nothing to keep.
      expect(made.previousWebhookSecretValidUntil).toBeUndefined();
      expect(made.company.calcom.webhookSecretSet).toBe(true);

      const before = Date.now();
      const second = await cli(
        ["company", "update", "--company", "rotate", "--new-webhook-secret"],
        env,
      );
      expect(second.code).toBe(0);
      const secret = /new Cal\.com webhook secret[^:]*: (\S+)/.exec(second.stdout)?.[1];
      expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(secret).not.toBe(made.webhookSecret);
      const until = /the previous webhook secret is accepted until (\S+)/.exec(second.stdout)?.[1];
      const window = Date.parse(until!) - before;
      expect(window).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000 - 1_000);
      expect(window).toBeLessThan(24 * 60 * 60 * 1000 + 60_000);

      const both = await cli(
        [
          "company",
          "update",
          "--company",
          "rotate",
          "--new-webhook-secret",
          "--calcom-webhook-secret-file",
          file("secret.txt", "a-secret-of-my-own"),
        ],
        env,
      );
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("--new-webhook-secret");

      // A secret the operator chose is a rotation too, and is never printed.
      const own = await cli(
        [
          "company",
          "update",
          "--company",
          "rotate",
          "--calcom-webhook-secret-file",
          file("own-secret.txt", "a-secret-of-my-own\n"),
          "--json",
        ],
        env,
      );
      expect(own.code).toBe(0);
      expect(own.stdout).not.toContain("a-secret-of-my-own");
      expect(own.stdout).not.toContain(secret!);
      expect(Date.parse(JSON.parse(own.stdout).previousWebhookSecretValidUntil)).toBeGreaterThan(
        Date.now(),
      );
      const short = await cli(
        [
          "company",
          "update",
          "--company",
          "rotate",
          "--calcom-webhook-secret-file",
          file("short.txt", "short"),
        ],
        env,
      );
      expect(short.code).toBe(2);
      expect(short.stderr).toContain("must be at least 8 characters");
    });
  },
);
