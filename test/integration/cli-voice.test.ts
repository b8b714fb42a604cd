import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { assembleForTest } from "../support/app-features.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";
import { testSecret } from "../support/fixtures.ts";

describe.each(testEngines())("appointments list and retell-tools on %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sim: RunningSimulator;
  let database: Database;

  beforeAll(async () => {
    sim = await startSimulator(demoFixture());
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-voice-"));
    env = {
      DATABASE_URL: fresh.url,
      FRONTDESK_SECRET: testSecret,
      FRONTDESK_DATA_DIR: dir,
      PUBLIC_URL: "https://frontdesk.example.com",
    };
    await cli(["migrate"], env);
    await cli(
      [
        "company",
        "create",
        "--name",
        "Salon",
        "--slug",
        "salon",
        "--calcom-base-url",
        sim.url,
        "--calcom-team-id",
        "1001",
        "--calcom-api-key",
        "cal_test_salon_beispiel",
      ],
      env,
    );
    database = createDatabase(fresh.url);
  });
  afterAll(async () => {
    await database.close();
    await sim.close();
    await cleanup();
  });

  it("lists appointments with staff, host, status, source and uid", async () => {
    expect(
      JSON.parse((await cli(["appointments", "list", "--company", "salon", "--json"], env)).stdout),
    ).toEqual({ appointments: [] });
    const { store, useCases } = assembleForTest(database, fetch);
    const company = (await store.companies.findBySlug("salon"))!;
    const ctx = { company, actor: { type: "cli" as const } };
    await useCases.staff.importStaff(ctx, { text: demoCompanies[0]!.staffCsv, format: "csv" });
    await useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
    await useCases.service.createService(ctx, {
      name: "Bartpflege",
      durationMinutes: 20,
      eventTypeId: 2003,
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (
      await fetch(`${sim.url}/v2/slots?eventTypeId=2003&start=${tomorrow}&end=${inTenDays}`, {
        headers: { "cal-api-version": "2024-09-04" },
      })
    ).json()) as { data: Record<string, { start: string }[]> };
    const start = Object.values(slots.data).flat()[0]!.start;
    const booked = await useCases.voice.bookAppointment(
      {
        ...ctx,
        call: { callId: "call-cli", fromNumber: "+4915112345678", toNumber: null, agentId: null },
      },
      { service: "Bartpflege", start, customer_name: "Maria Muster" },
    );
    expect(booked.kind).toBe("booked");

    const listed = await cli(["appointments", "list", "--company", "salon", "--json"], env);
    const [row] = JSON.parse(listed.stdout).appointments;
    expect(row).toMatchObject({
      status: "accepted",
      source: "voice",
      serviceName: "Bartpflege",
      uid: expect.any(String),
      callId: "call-cli",
      customer: { name: "Maria Muster", phone: "+4915112345678" },
    });
    expect([501, 504]).toContain(row.calcomUserId);
    expect(row.needsMapping).toBe(row.calcomUserId === 504);
    const text = await cli(
      ["appointments", "list", "--company", "salon", "--from", "2000-01-01T00:00:00Z"],
      env,
    );
    expect(text.stdout).toContain("Bartpflege");
    const none = await cli(
      ["appointments", "list", "--company", "salon", "--to", "2000-01-01T00:00:00Z", "--json"],
      env,
    );
    expect(JSON.parse(none.stdout).appointments).toEqual([]);
  });

  it("routes a Retell agent to one company only", async () => {
    await cli(["company", "create", "--name", "Other", "--slug", "other"], env);
    const added = await cli(
      ["retell-agent", "add", "--company", "salon", "--agent-id", "agent_demo_1", "--json"],
      env,
    );
    expect(JSON.parse(added.stdout)).toEqual({ agentId: "agent_demo_1", created: true });
    const again = await cli(
      ["retell-agent", "add", "--company", "salon", "--agent-id", "agent_demo_1", "--json"],
      env,
    );
    expect(JSON.parse(again.stdout).created).toBe(false);
    const stolen = await cli(
      ["retell-agent", "add", "--company", "other", "--agent-id", "agent_demo_1"],
      env,
    );
    expect(stolen.code).toBe(1);
    expect(stolen.stderr).toContain("already answers for another company");
    expect(stolen.stderr).not.toMatch(/Salon|salon/);
    const bad = await cli(["retell-agent", "add", "--company", "salon", "--agent-id", "x y"], env);
    expect(bad.code).toBe(2);
    const { useCases } = assembleForTest(database, fetch);
    expect(
      (await useCases.calls.routeCall({ toNumber: null, agentId: "agent_demo_1" }))?.slug,
    ).toBe("salon");
  });

  it("prints the Retell tools with PUBLIC_URL, JSON-schema parameters and short timeouts", async () => {
    const result = await cli(["retell-tools", "--company", "salon"], env);
    expect(result.code).toBe(0);
    const tools = JSON.parse(result.stdout) as {
      name: string;
      url: string;
      parameters: { type: string };
      timeout_ms: number;
      speak_during_execution: boolean;
    }[];
    expect(tools.map((t) => t.name).sort()).toEqual([
      "book_appointment",
      "cancel_appointment",
      "check_availability",
      "find_appointments",
      "list_services",
      "list_staff",
      "reschedule_appointment",
    ]);
    expect(
      tools.every(
        (t) =>
          t.url === "https://frontdesk.example.com/webhooks/retell/functions" &&
          t.parameters.type === "object",
      ),
    ).toBe(true);
    // Far below Retell's 2-minute default, above our slowest answer: reads 10 s, writes 20 s.
    expect(tools.every((t) => t.timeout_ms <= 20_000)).toBe(true);
    expect(tools.find((t) => t.name === "check_availability")?.timeout_ms).toBe(10_000);
    expect(tools.find((t) => t.name === "book_appointment")?.timeout_ms).toBe(20_000);
    expect(tools.find((t) => t.name === "book_appointment")?.speak_during_execution).toBe(true);
  });
});
