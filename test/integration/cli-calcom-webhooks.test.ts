import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";
import { testSecret } from "../support/fixtures.ts";

describe.each(testEngines())("calcom-webhooks install on %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sim: RunningSimulator;
  const hooksOf = async (eventTypeId: number, key: string) => {
    const res = await fetch(`${sim.url}/v2/event-types/${eventTypeId}/webhooks`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return ((await res.json()) as { data: { subscriberUrl: string }[] }).data;
  };

  beforeAll(async () => {
    sim = await startSimulator(demoFixture());
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = {
      DATABASE_URL: fresh.url,
      FRONTDESK_SECRET: testSecret,
      FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-cli-webhooks-")),
      PUBLIC_URL: "https://frontdesk.example",
    };
    expect((await cli(["migrate"], env)).code).toBe(0);
    for (const [slug, team, key] of [
      ["salon", "1001", "cal_test_salon_beispiel"],
      ["bright", "1002", "cal_test_bright_smiles"],
    ] as const) {
      const created = await cli(
        [
          "company",
          "create",
          ...["--name", `Company ${slug}`, "--slug", slug],
          ...["--calcom-base-url", sim.url, "--calcom-team-id", team, "--calcom-api-key", key],
          ...["--calcom-webhook-secret", `${slug}-webhook-secret`],
        ],
        env,
      );
      expect(created.code, created.stderr).toBe(0);
      expect((await cli(["sync-teams", "--company", slug], env)).code).toBe(0);
    }
    for (const [slug, name, id] of [
      ["salon", "Haarschnitt", "2001"],
      ["salon", "Färben", "2002"],
      ["bright", "Check-up", "2101"],
    ] as const) {
      const args = ["--company", slug, "--name", name, "--duration", "30", "--event-type-id", id];
      // Without PUBLIC_URL, linking installs no webhook: the install below does.
      const { PUBLIC_URL: _, ...seedEnv } = env;
      expect((await cli(["service", "create", ...args], seedEnv)).code).toBe(0);
    }
  });
  afterAll(async () => {
    await sim.close();
    await cleanup();
  });

  it("installs on the company's linked event types, then finds nothing to change", async () => {
    const first = await cli(["calcom-webhooks", "install", "--company", "salon"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("+ 2001 Haarschnitt: created");
    expect(first.stdout).toContain(
      "webhooks to https://frontdesk.example/webhooks/calcom/salon: 2 created, 0 updated, 0 unchanged, 0 failed, 4 Cal.com requests",
    );
    expect((await hooksOf(2001, "cal_test_salon_beispiel")).map((h) => h.subscriberUrl)).toEqual([
      "https://frontdesk.example/webhooks/calcom/salon",
    ]);
    // The other company's event types are not touched.
    expect(await hooksOf(2101, "cal_test_bright_smiles")).toEqual([]);

    const again = await cli(["--json", "calcom-webhooks", "install", "--company", "salon"], env);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.counts).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(json.calcomRequests).toBe(2);
    expect(json.eventTypes.map((e: { eventTypeId: number }) => e.eventTypeId)).toEqual([
      2001, 2002,
    ]);
    const missing = await cli(
      ["--json", "calcom-webhooks", "install", "--company", "salon", "--only-missing"],
      env,
    );
    expect(JSON.parse(missing.stdout).calcomRequests).toBe(0);
  });

  it("says to set PUBLIC_URL without one, and refuses an unknown company", async () => {
    const { PUBLIC_URL: _, ...withoutUrl } = env;
    const bare = await cli(["calcom-webhooks", "install", "--company", "bright"], withoutUrl);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("set PUBLIC_URL");
    expect(await hooksOf(2101, "cal_test_bright_smiles")).toEqual([]);
    const unknown = await cli(["calcom-webhooks", "install", "--company", "nope"], env);
    expect(unknown.code).not.toBe(0);
  });

  it("installs the webhooks when `service create` links an event type", async () => {
    const args = ["--company", "bright", "--name", "Cleaning", "--duration", "45"];
    const created = await cli(["service", "create", ...args, "--event-type-id", "2102"], env);
    expect(created.code, created.stderr).toBe(0);
    for (const eventTypeId of [2101, 2102]) {
      expect(
        (await hooksOf(eventTypeId, "cal_test_bright_smiles")).map((h) => h.subscriberUrl),
      ).toEqual(["https://frontdesk.example/webhooks/calcom/bright"]);
    }
  });
});
