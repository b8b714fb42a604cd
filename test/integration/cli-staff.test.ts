import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";

const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-staff-"));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const csv = "name,email,phone,active\nKatrin Löwe,katrin@salon.test,030 1234567,ja\n";
// What Excel's plain "CSV" writes on a German Windows: "ö" is the single byte 0xF6.
const windows1252 = Uint8Array.from(csv, (ch) => (ch === "ö" ? 0xf6 : ch.charCodeAt(0)));
const utf16 = new Uint8Array([0xff, 0xfe, ...[...csv].flatMap((ch) => [ch.charCodeAt(0), 0])]);

describe.each(testEngines())("staff CLI on %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sim: RunningSimulator;
  const list = async (slug: string) => {
    const run = await cli(["staff", "list", "--company", slug, "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout).staff as {
      name: string;
      email: string | null;
      phone: string | null;
      active: boolean;
      hosts: { calcomUserId: number; name: string | null }[];
    }[];
  };

  beforeAll(async () => {
    sim = await startSimulator(demoFixture());
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = {
      DATABASE_URL: fresh.url,
      FRONTDESK_SECRET: "cli-staff-secret",
      FRONTDESK_DATA_DIR: dir,
    };
    await cli(["migrate"], env);
    for (const [slug, team, key] of [
      ["salon", "1001", "cal_test_salon_beispiel"],
      ["bright", "1002", "cal_test_bright_smiles"],
    ] as const) {
      const created = await cli(
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
      expect(created.code, created.stderr).toBe(0);
    }
    const demo = demoCompanies[1]!;
    const imported = await cli(
      ["staff", "import", "--company", "bright", file("bright.csv", demo.staffCsv)],
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    await cli(["sync-service-hosts", "--company", "bright"], env);
  });

  afterAll(async () => {
    await sim?.close();
    await cleanup?.();
  });

  it('imports a Windows-1252 file as "Katrin Löwe", and the same file in UTF-8 changes nothing', async () => {
    const run = await cli(
      ["staff", "import", "--company", "salon", file("excel.csv", windows1252)],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("1 created");
    expect(await list("salon")).toEqual([
      expect.objectContaining({
        name: "Katrin Löwe",
        email: "katrin@salon.test",
        phone: "+49301234567",
      }),
    ]);
    const again = await cli(
      ["staff", "import", "--company", "salon", file("utf8-bom.csv", `\uFEFF${csv}`)],
      env,
    );
    expect(again.stdout).toContain("1 unchanged");
  });

  it("refuses a UTF-16 file with exit code 2 and writes nothing", async () => {
    const before = await list("salon");
    const run = await cli(["staff", "import", "--company", "salon", file("utf16.csv", utf16)], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("UTF-16");
    expect(await list("salon")).toEqual(before);
  });

  it("refuses bytes that are neither UTF-8 nor Windows-1252, naming the line", async () => {
    const bad = new Uint8Array([...new TextEncoder().encode("name\nAnna\nB"), 0x81, 0x0a]);
    const run = await cli(["staff", "import", "--company", "salon", file("bad.csv", bad)], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("0x81 on line 3");
  });

  it("refuses standard input that was not UTF-8", async () => {
    const run = await cli(
      ["staff", "import", "--company", "salon", "-"],
      env,
      "name\nKatrin L\uFFFDwe\n",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("standard input is not UTF-8");
    expect((await list("salon")).some((s) => s.name.includes("\uFFFD"))).toBe(false);
  });

  it("says so when the file cannot be read (exit code 2)", async () => {
    const run = await cli(["staff", "import", "--company", "salon", join(dir, "missing.csv")], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot read");
  });

  it("lists a company's staff, active first, with the mapped Cal.com hosts, and never another company's", async () => {
    await cli(
      [
        "staff",
        "import",
        "--company",
        "salon",
        file(
          "more.csv",
          "name,email,active\nAaron Alt,aaron@salon.test,nein\nZoe Zett,zoe@salon.test,ja\n",
        ),
      ],
      env,
    );
    const salon = await list("salon");
    expect(salon.map((s) => [s.name, s.active])).toEqual([
      ["Katrin Löwe", true],
      ["Zoe Zett", true],
      ["Aaron Alt", false],
    ]);
    const bright = await list("bright");
    expect(bright.length).toBeGreaterThan(0);
    expect(bright.some((s) => s.name === "Katrin Löwe")).toBe(false);
    expect(bright.some((s) => s.hosts.length > 0)).toBe(true);

    const text = await cli(["staff", "list", "--company", "salon"], env);
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toMatch(/^NAME\s+EMAIL\s+PHONE\s+ACTIVE\s+CAL\.COM HOST$/);
    expect(text.stdout).toContain("Katrin Löwe");
    expect(text.stdout).not.toContain(bright[0]!.name);
  });

  it("refuses an unknown company", async () => {
    const run = await cli(["staff", "list", "--company", "nobody"], env);
    expect(run.code).not.toBe(0);
  });
});
