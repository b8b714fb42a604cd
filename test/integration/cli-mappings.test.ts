import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";

const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-map-"));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe.each(testEngines())("sync-service-hosts and mappings CLI on %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sim: RunningSimulator;
  const staffId: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startSimulator(demoFixture());
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = { DATABASE_URL: fresh.url, FRONTDESK_SECRET: "cli-map-secret", FRONTDESK_DATA_DIR: dir };
    await cli(["migrate"], env);
    for (const [slug, team, key, demo] of [
      ["salon", "1001", "cal_test_salon_beispiel", demoCompanies[0]!],
      ["bright", "1002", "cal_test_bright_smiles", demoCompanies[1]!],
    ] as const) {
      await cli(
        [
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
        ],
        env,
      );
      const imported = await cli(
        ["staff", "import", "--company", slug, file(`${slug}.csv`, demo.staffCsv), "--json"],
        env,
      );
      for (const s of JSON.parse(imported.stdout).staff) staffId[s.name] = s.id;
      await cli(["sync-teams", "--company", slug], env);
      for (const s of demo.services) {
        const args = [
          "service",
          "create",
          "--company",
          slug,
          "--name",
          s.name,
          "--duration",
          String(s.durationMinutes),
        ];
        await cli(s.eventTypeId ? [...args, "--event-type-id", String(s.eventTypeId)] : args, env);
      }
    }
  });
  afterAll(async () => {
    await sim.close();
    await cleanup();
  });

  it("prints the documented JSON, and a second run creates nothing", async () => {
    const first = await cli(["sync-service-hosts", "--company", "salon", "--json"], env);
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.run).toEqual({ id: expect.any(String), status: "succeeded", calcomRequests: 2 });
    expect(doc.totals).toEqual({
      services: 5,
      hosts: 5,
      mapped: 3,
      created: 4,
      suggested: 1,
      unmapped: 1,
    });
    expect(doc.services).toContainEqual({
      serviceId: expect.any(String),
      name: "Bartpflege",
      eventTypeId: 2003,
      hosts: 2,
      mapped: 1,
      created: 1,
      suggested: 0,
      unmapped: 1,
      error: null,
      bookableByPhone: true,
      problems: [],
      notices: [],
    });
    // Beratung's event type has no scheduling type, so nobody to book.
    expect(doc.services).toContainEqual(
      expect.objectContaining({ name: "Beratung", bookableByPhone: false, problems: ["no_hosts"] }),
    );

    const second = await cli(["sync-service-hosts", "--company", "salon", "--json"], env);
    expect(JSON.parse(second.stdout).totals.created).toBe(0);
  });

  it("prints a table with the reason each unmapped host stays unmapped", async () => {
    const text = await cli(["sync-service-hosts", "--company", "salon", "--no-fetch"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Haarschnitt\s+2001\s+3\s+2\s+1\s+0\s+0/);
    expect(text.stdout).toContain(
      "unmapped: Mehmet Yılmaz (504): No active staff member with this email or name",
    );
    expect(text.stdout).toContain("0 Cal.com requests");
  });

  it("dry run of every company writes nothing", async () => {
    const result = await cli(["sync-service-hosts", "--dry-run", "--json"], env);
    const doc = JSON.parse(result.stdout);
    expect(doc.runs.map((r: { company: { slug: string } }) => r.company.slug).sort()).toEqual([
      "bright",
      "salon",
    ]);
    const bright = doc.runs.find((r: { company: { slug: string } }) => r.company.slug === "bright");
    expect(bright.dryRun).toBe(true);
    expect(bright.totals.created).toBeGreaterThan(0);
    const list = await cli(["mappings", "list", "--company", "bright", "--json"], env);
    expect(
      JSON.parse(list.stdout).mappings.every((m: { status: string }) => m.status === "unmapped"),
    ).toBe(true);
  });

  it("lists, sets, accepts, rejects and unsets mappings", async () => {
    const suggested = await cli(
      ["mappings", "list", "--company", "salon", "--status", "suggested", "--json"],
      env,
    );
    expect(JSON.parse(suggested.stdout).mappings).toEqual([
      expect.objectContaining({ calcomUserId: 503, name: "Sophie Weiß", status: "suggested" }),
    ]);

    const accepted = await cli(
      ["mappings", "accept", "--company", "salon", "--host", "503", "--json"],
      env,
    );
    expect(JSON.parse(accepted.stdout)).toMatchObject({
      before: { status: "suggested" },
      after: { status: "active", source: "manual" },
    });

    const set = await cli(
      [
        "mappings",
        "set",
        "--company",
        "salon",
        "--host",
        "504",
        "--staff",
        staffId["Petra Neumann"]!,
      ],
      env,
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("host 504: unmapped → active");

    const rejected = await cli(
      ["mappings", "reject", "--company", "salon", "--host", "504", "--reason", "wrong person"],
      env,
    );
    expect(rejected.code).toBe(0);
    const unset = await cli(["mappings", "unset", "--company", "salon", "--host", "504"], env);
    expect(unset.stdout).toContain("mapping removed");
  });

  it("refuses other companies' staff, inactive staff, taken staff and unknown hosts with clear messages", async () => {
    const foreign = await cli(
      [
        "mappings",
        "set",
        "--company",
        "salon",
        "--host",
        "504",
        "--staff",
        staffId["Emily Carter"]!,
      ],
      env,
    );
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain("no staff member");
    const inactive = await cli(
      ["mappings", "set", "--company", "salon", "--host", "504", "--staff", staffId["Klaus Alt"]!],
      env,
    );
    expect(inactive.stderr).toContain("Klaus Alt is inactive");
    const taken = await cli(
      [
        "mappings",
        "set",
        "--company",
        "salon",
        "--host",
        "504",
        "--staff",
        staffId["Anna Schmidt"]!,
      ],
      env,
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("already mapped to Cal.com host Anna Schmidt (502)");
    const crossTenant = await cli(
      ["mappings", "unset", "--company", "bright", "--host", "502"],
      env,
    );
    expect(crossTenant.code).toBe(1);
    expect(crossTenant.stderr).toContain("is not in bright's Cal.com team");
    const badHost = await cli(["mappings", "accept", "--company", "salon", "--host", "abc"], env);
    expect(badHost.code).toBe(2);
  });

  it("match-preview: the same engine on a file, writing nothing; bad input exits 2 with the JSON path", async () => {
    const input = file(
      "preview.json",
      JSON.stringify({
        thresholds: { auto: 90, suggest: 60 },
        staff: [
          { id: "s1", name: "Karl Meyer", email: "karl@askpro.de", active: true },
          { id: "s2", name: "Jörg Weiß", email: "joerg@salon.de" },
          { id: "s9", name: "Manual Person", email: null },
        ],
        hosts: [
          { userId: 12345, name: "Meyer, Karl", email: "karl@askpro.de", username: "karl.meyer" },
          { userId: 2, name: "Joerg Weiss", email: "joerg.private@icloud.com", username: "" },
          { userId: 3, name: "", email: "", username: "" },
          { userId: 777, name: "Someone", email: "someone@x.de" },
        ],
        mappings: [{ calcomUserId: 777, staffId: "s9", status: "active", source: "manual" }],
      }),
    );
    const result = await cli(["match-preview", "--input", input, "--json"], {
      ...env,
      DATABASE_URL: "sqlite:/nonexistent/dir/x.db",
    });
    expect(result.code).toBe(0);
    const { decisions } = JSON.parse(result.stdout);
    expect(
      decisions.map(
        (d: { calcomUserId: number; action: string; staffId: string | null; reason: string }) => [
          d.calcomUserId,
          d.action,
          d.staffId,
          d.reason,
        ],
      ),
    ).toEqual([
      [12345, "auto", "s1", "email_exact"],
      [2, "suggest", "s2", "name_exact"],
      [3, "none", null, "no_candidate"],
      [777, "keep", "s9", "existing_mapping"],
    ]);

    const bad = file(
      "bad.json",
      JSON.stringify({
        staff: [],
        hosts: [{ userId: "x" }],
        thresholds: { auto: 50, suggest: 70 },
      }),
    );
    const refused = await cli(["match-preview", "--input", bad, "--json"], env);
    expect(refused.code).toBe(2);
    const wheres = JSON.parse(refused.stdout).error.issues.map((i: { where: string }) => i.where);
    expect(wheres).toEqual(expect.arrayContaining(["$.hosts[0].userId", "$.thresholds.suggest"]));
    const notJson = await cli(["match-preview", "--input", file("nope.json", "{")], env);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("not valid JSON");
  });
});
