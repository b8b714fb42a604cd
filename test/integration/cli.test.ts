import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/connect.ts";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { cli, spawnCli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";

const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-"));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe.each(testEngines())("the CLI on %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = { DATABASE_URL: fresh.url, FRONTDESK_SECRET: "cli-test-secret", FRONTDESK_DATA_DIR: dir };
    if (engine === "postgres") {
      const refused = await cli(["company", "list"], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("run: frontdesk migrate");
    }
    const migrated = await cli(["migrate", "--json"], env);
    expect(migrated).toMatchObject({ code: 0 });
    expect(JSON.parse(migrated.stdout)).toEqual({
      applied: [
        "0001-initial",
        "0002-console",
        "0003-booking-truth",
        "0004-reconcile-cursor",
        "0005-booking-attempts",
        "0006-login-limits",
        "0007-privacy",
        "0008-address-unlocks",
        "0009-user-invites",
        "0010-webhook-secret-rotation",
        "0011-call-actions",
        "0012-last-login",
        "0013-chosen-hosts-holds",
        "0014-api-tokens",
        "0015-jobs",
      ],
    });
  });
  afterAll(() => cleanup());

  it("migrate again is a no-op", async () => {
    const again = await cli(["migrate", "--json"], env);
    expect(JSON.parse(again.stdout)).toEqual({ applied: [] });
  });

  it("creates and lists companies, printing exactly one JSON document and no secret", async () => {
    const created = await cli(
      [
        "company",
        "create",
        "--name",
        "Salon Beispiel",
        "--slug",
        "salon",
        "--calcom-api-key",
        "cal_live_verysecret",
        "--calcom-webhook-secret",
        "whsec_verysecret",
        "--json",
      ],
      env,
    );
    expect(created.code).toBe(0);
    const doc = JSON.parse(created.stdout);
    expect(doc.company).toMatchObject({
      name: "Salon Beispiel",
      slug: "salon",
      timezone: "Europe/Berlin",
      locale: "de",
      calcom: { apiKeySet: true, webhookSecretSet: true },
    });
    await cli(
      [
        "company",
        "create",
        "--name",
        "Bright Smiles",
        "--slug",
        "bright",
        "--locale",
        "en",
        "--timezone",
        "Europe/London",
        "--country",
        "GB",
      ],
      env,
    );

    const listed = await cli(["--json", "company", "list"], env);
    expect(JSON.parse(listed.stdout).companies.map((c: { slug: string }) => c.slug)).toEqual([
      "bright",
      "salon",
    ]);
    const text = await cli(["company", "list"], env);
    for (const out of [created, listed, text]) {
      expect(out.stdout + out.stderr).not.toContain("verysecret");
    }
    expect(text.stdout).toMatch(/salon\s+Salon Beispiel\s+Europe\/Berlin/);
  });

  it("refuses a duplicate slug with exit 1 and bad values with exit 2", async () => {
    const dup = await cli(["company", "create", "--name", "X", "--slug", "salon", "--json"], env);
    expect(dup.code).toBe(1);
    expect(JSON.parse(dup.stdout)).toMatchObject({ ok: false, error: { code: "conflict" } });

    const bad = await cli(
      ["company", "create", "--name", "X", "--slug", "Not A Slug", "--timezone", "Mars/Olympus"],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("slug: use lowercase letters");
    expect(bad.stderr).toContain("timezone: is not an IANA time zone");
    expect(bad.stderr).toContain("usage: frontdesk company create");
  });

  it("imports staff from CSV, then updates instead of duplicating", async () => {
    const csv = file(
      "staff.csv",
      "name,email,phone,active\nJörg Müller,joerg.mueller@salon-beispiel.de,030 1234567,ja\nAnna Schmidt,anna.schmidt@salon-beispiel.de,,true\nLehrling Tom,,,nein\n",
    );
    const first = await cli(["staff", "import", "--company", "salon", csv, "--json"], env);
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(doc.staff).toContainEqual(
      expect.objectContaining({
        name: "Jörg Müller",
        email: "joerg.mueller@salon-beispiel.de",
        phone: "+49301234567",
        active: true,
      }),
    );

    const changed = file(
      "staff2.csv",
      "name;email;active\nJörg Müller;joerg.mueller@salon-beispiel.de;nein\nLehrling Tom;;nein\n",
    );
    const second = await cli(["staff", "import", "--company", "salon", changed, "--json"], env);
    expect(JSON.parse(second.stdout)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
  });

  it("imports staff from JSON", async () => {
    const json = file(
      "staff.json",
      JSON.stringify([
        { name: "Emily Carter", email: "emily@brightsmiles.example", phone: "020 7946 0958" },
      ]),
    );
    const result = await cli(["staff", "import", "--company", "bright", json, "--json"], env);
    expect(JSON.parse(result.stdout)).toMatchObject({
      created: 1,
      staff: [{ phone: "+442079460958" }],
    });
  });

  it("writes nothing when a CSV has bad lines, and names every one", async () => {
    const csv = file(
      "bad.csv",
      "name,email,phone,active\nNew Person,new@salon-beispiel.de,,\nBroken Mail,broken-at-example,,\nGood Again,good@salon-beispiel.de,,\n,nobody@salon-beispiel.de,,\n",
    );
    const result = await cli(["staff", "import", "--company", "salon", csv, "--json"], env);
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout);
    expect(doc.error.message).toContain("nothing was imported");
    expect(doc.error.issues).toEqual([
      expect.objectContaining({ where: "line 3", field: "email" }),
      expect.objectContaining({ where: "line 5", field: "name" }),
    ]);
    expect(result.stderr).toContain("line 3 (email)");
    const empty = await cli(
      ["staff", "import", "--company", "salon", file("empty.json", "[]"), "--json"],
      env,
    );
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout).error.issues[0].message).toBe("contains no staff rows");
    const database = createDatabase(env.DATABASE_URL!);
    try {
      const names = await database.db.selectFrom("staff").select("name").execute();
      expect(names.map((n) => n.name)).not.toContain("New Person");
      expect(names.map((n) => n.name)).not.toContain("Good Again");
    } finally {
      await database.close();
    }
  });

  it("an unknown company is a clear failure", async () => {
    const result = await cli(
      ["staff", "import", "--company", "nope", file("x.csv", "name\nA\n")],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no company with the slug "nope"');
  });

  it("creates services and refuses an event type outside the company's team", async () => {
    const ok = await cli(
      [
        "service",
        "create",
        "--company",
        "salon",
        "--name",
        "Haarschnitt",
        "--duration",
        "30",
        "--price",
        "2500",
        "--json",
      ],
      env,
    );
    expect(JSON.parse(ok.stdout).service).toMatchObject({
      name: "Haarschnitt",
      durationMinutes: 30,
      priceCents: 2500,
      eventTypeId: null,
    });

    const refused = await cli(
      [
        "service",
        "create",
        "--company",
        "salon",
        "--name",
        "Färben",
        "--duration",
        "90",
        "--event-type-id",
        "2002",
      ],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("event type 2002 is not in Salon Beispiel's Cal.com team");
    expect(refused.stderr).toContain("sync-teams");

    const bad = await cli(
      ["service", "create", "--company", "salon", "--name", "X", "--duration", "abc"],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("durationMinutes");
  });

  it("routes phone numbers: national format, idempotent, never to two companies", async () => {
    const added = await cli(
      ["phone", "add", "--company", "salon", "--number", "030 1234567", "--json"],
      env,
    );
    expect(JSON.parse(added.stdout)).toMatchObject({
      created: true,
      phoneNumber: { number: "+49301234567" },
    });
    const again = await cli(
      ["phone", "add", "--company", "salon", "--number", "+49 30 1234567", "--json"],
      env,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false });

    const stolen = await cli(
      ["phone", "add", "--company", "bright", "--number", "+49 30 1234567"],
      env,
    );
    expect(stolen.code).toBe(1);
    expect(stolen.stderr).toContain("already routed to another company");
    expect(stolen.stderr).not.toContain("Salon");

    const invalid = await cli(["phone", "add", "--company", "salon", "--number", "12"], env);
    expect(invalid.code).toBe(2);
  });

  it("lists and removes a company's phone numbers; another company's number stays where it is", async () => {
    await cli(
      ["phone", "add", "--company", "salon", "--number", "030 7654321", "--label", "Mitte"],
      env,
    );
    const list = async (slug: string) =>
      JSON.parse((await cli(["phone", "list", "--company", slug, "--json"], env)).stdout) as {
        phoneNumbers: { number: string; label: string | null }[];
      };
    expect((await list("salon")).phoneNumbers).toEqual([
      expect.objectContaining({ number: "+49301234567", label: null }),
      expect.objectContaining({ number: "+49307654321", label: "Mitte" }),
    ]);
    expect((await cli(["phone", "list", "--company", "salon"], env)).stdout).toContain(
      "+49307654321  Mitte",
    );

    // Through another company's slug: not found, and the salon keeps it.
    const foreign = await cli(
      ["phone", "remove", "--company", "bright", "--number", "+49 30 7654321"],
      env,
    );
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).not.toContain("Salon");
    expect((await list("salon")).phoneNumbers.map((p) => p.number)).toContain("+49307654321");

    const removed = await cli(
      ["phone", "remove", "--company", "salon", "--number", "030 7654321", "--json"],
      env,
    );
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: "+49307654321" });
    expect((await list("salon")).phoneNumbers.map((p) => p.number)).toEqual(["+49301234567"]);
    const again = await cli(
      ["phone", "remove", "--company", "salon", "--number", "030 7654321"],
      env,
    );
    expect(again.code).toBe(1);
  });

  it("creates users with the password from stdin, hashed", async () => {
    const created = await cli(
      [
        "user",
        "create",
        "--email",
        "Owner@Salon.de",
        "--password-stdin",
        "--role",
        "company_admin",
        "--company",
        "salon",
        "--json",
      ],
      env,
      "correct horse battery\n",
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).user).toMatchObject({
      email: "owner@salon.de",
      role: "company_admin",
    });

    const database = createDatabase(env.DATABASE_URL!);
    try {
      const row = await database.db
        .selectFrom("app_user")
        .selectAll()
        .where("email", "=", "owner@salon.de")
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain("correct horse");
    } finally {
      await database.close();
    }

    const noCompany = await cli(
      ["user", "create", "--email", "x@y.de", "--password-stdin", "--role", "company_admin"],
      env,
      "long enough pw\n",
    );
    expect(noCompany.code).toBe(2);
    const short = await cli(
      ["user", "create", "--email", "x@y.de", "--password-stdin", "--role", "platform_admin"],
      env,
      "short\n",
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("at least 10 characters");
  });

  it("bad usage exits 2 with the usage text", async () => {
    const missing = await cli(["company", "create", "--slug", "x"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");
    expect((await cli(["no-such-command"], env)).code).toBe(2);
    expect(
      (await cli(["user", "create", "--email", "a@b.de", "--password-stdin", "--role", "god"], env))
        .code,
    ).toBe(2);
  });
});

describe("the installed binary (bin/frontdesk.js)", () => {
  const env = () => ({
    DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), "frontdesk-bin-")), "fd.db")}`,
    FRONTDESK_SECRET: "bin-test-secret",
  });

  it("runs the issue's flow end to end with real exit codes", async () => {
    const e = env();
    const created = await spawnCli(
      ["company", "create", "--name", "Salon Beispiel", "--slug", "salon", "--json"],
      e,
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).company.slug).toBe("salon");

    const bad = file("two-bad.csv", "name,email\nGood,good@x.de\nBad One,not-mail\n,empty@x.de\n");
    const refused = await spawnCli(["staff", "import", "--company", "salon", bad, "--json"], e);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error.issues.map((i: { where: string }) => i.where)).toEqual([
      "line 3",
      "line 4",
    ]);

    const listed = await spawnCli(["company", "list", "--json"], e);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).companies).toHaveLength(1);

    const usage = await spawnCli(["company", "create"], e);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--name");
    expect(usage.stdout).toBe("");
  }, 60_000); // four CLI processes, each starting Node and tsx: seconds each on a busy machine
});

describe.each(testEngines())("sync-teams and services on %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator(demoFixture());
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = { DATABASE_URL: fresh.url, FRONTDESK_SECRET: "cli-sync-secret", FRONTDESK_DATA_DIR: dir };
    await cli(["migrate"], env);
    const connect = (slug: string, team: string, key: string) => [
      "company",
      "create",
      "--name",
      slug,
      "--slug",
      slug,
      "--calcom-base-url",
      sim.url,
      "--calcom-team-id",
      team,
      "--calcom-api-key",
      key,
    ];
    expect((await cli(connect("salon", "1001", "cal_test_salon_beispiel"), env)).code).toBe(0);
    expect((await cli(connect("broken", "1002", "cal_test_revoked"), env)).code).toBe(0);
    expect(
      (await cli(["company", "create", "--name", "Offline", "--slug", "offline"], env)).code,
    ).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    await cleanup();
  });

  it("syncs every connected company, reports failures and exits 1 when one failed", async () => {
    const result = await cli(["sync-teams", "--json"], env);
    expect(result.code).toBe(1);
    const { runs } = JSON.parse(result.stdout);
    expect(runs).toEqual([
      expect.objectContaining({
        company: "broken",
        status: "failed",
        error: expect.stringContaining("Cal.com rejected the API key"),
      }),
      expect.objectContaining({
        company: "salon",
        status: "succeeded",
        calcomRequests: 2,
        changes: expect.objectContaining({ hosts: 8 }),
      }),
    ]);
    expect(result.stdout).not.toContain("cal_test_revoked");

    const one = await cli(["sync-teams", "--company", "salon"], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain("✓ salon: 4 event types, 8 hosts, 5 members");

    const offline = await cli(["sync-teams", "--company", "offline"], env);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain("has no Cal.com team id");
  });

  it("links services to synced event types and refuses others", async () => {
    const created = await cli(
      [
        "service",
        "create",
        "--company",
        "salon",
        "--name",
        "Haarschnitt",
        "--duration",
        "30",
        "--event-type-id",
        "2001",
        "--json",
      ],
      env,
    );
    expect(created.code).toBe(0);
    const { service } = JSON.parse(created.stdout);
    expect(service.eventTypeId).toBe(2001);

    const foreign = await cli(
      [
        "service",
        "update",
        "--company",
        "salon",
        "--service-id",
        service.id,
        "--event-type-id",
        "2101",
      ],
      env,
    );
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain(
      "event type 2101 is not in salon's Cal.com team; choose one of: 2003 (Bartpflege)",
    );

    const moved = await cli(
      [
        "service",
        "update",
        "--company",
        "salon",
        "--service-id",
        service.id,
        "--event-type-id",
        "2002",
        "--json",
      ],
      env,
    );
    expect(JSON.parse(moved.stdout).service.eventTypeId).toBe(2002);
    const unlinked = await cli(
      [
        "service",
        "update",
        "--company",
        "salon",
        "--service-id",
        service.id,
        "--no-event-type",
        "--json",
      ],
      env,
    );
    expect(JSON.parse(unlinked.stdout).service.eventTypeId).toBeNull();

    const otherTenant = await cli(
      ["service", "update", "--company", "broken", "--service-id", service.id, "--name", "x"],
      env,
    );
    expect(otherTenant.code).toBe(1);
    expect(otherTenant.stderr).toContain("no service");
  });
});
