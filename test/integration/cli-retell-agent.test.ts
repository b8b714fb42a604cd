import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";
import { type RetellApiStandIn, startRetellApiStandIn } from "../support/retell-api-stand-in.ts";

const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-retell-agent-"));
const apiKey = "key_cli_provision";
const publicUrl = "https://frontdesk.example.com";

describe.each(testEngines())("frontdesk retell-agent provision on %s", (engine) => {
  let base: Record<string, string>;
  let cleanup: () => Promise<void>;
  let standIn: RetellApiStandIn;
  const withRetell = () => ({
    ...base,
    PUBLIC_URL: publicUrl,
    RETELL_API_KEY: apiKey,
    RETELL_API_BASE_URL: standIn.baseUrl,
  });

  beforeAll(async () => {
    standIn = await startRetellApiStandIn({ apiKey });
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    base = {
      DATABASE_URL: fresh.url,
      FRONTDESK_SECRET: "cli-retell-secret",
      FRONTDESK_DATA_DIR: dir,
    };
    await cli(["migrate"], base);
    for (const [slug, locale, number] of [
      ["salon", "de", "+493012345670"],
      ["bright", "en", "+442071234567"],
    ] as const) {
      const made = await cli(
        ["company", "create", "--name", `Company ${slug}`, "--slug", slug, "--locale", locale],
        base,
      );
      expect(made.code).toBe(0);
      expect((await cli(["phone", "add", "--company", slug, "--number", number], base)).code).toBe(
        0,
      );
      standIn.addPhoneNumber(number);
    }
  });
  afterAll(async () => {
    await standIn.close();
    await cleanup();
  });

  it("sets and clears the transfer number, refusing one that is not a number", async () => {
    const set = await cli(
      ["company", "update", "--company", "salon", "--transfer-number", "030 1234567"],
      base,
    );
    expect(set.code).toBe(0);
    const listed = JSON.parse((await cli(["--json", "company", "list"], base)).stdout) as {
      companies: { slug: string; transferNumber: string | null }[];
    };
    expect(listed.companies.find((c) => c.slug === "salon")?.transferNumber).toBe("+49301234567");
    const tools = JSON.parse(
      (await cli(["retell-tools", "--company", "salon", "--json"], base)).stdout,
    ) as { type: string; transfer_destination?: { number: string } }[];
    expect(tools.at(-1)).toMatchObject({
      type: "transfer_call",
      transfer_destination: { type: "predefined", number: "+49301234567" },
    });
    const wrong = await cli(
      ["company", "update", "--company", "salon", "--transfer-number", "12"],
      base,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/transferNumber/);
    expect(wrong.stderr).toMatch(/not a valid phone number/);
    const cleared = await cli(
      ["company", "update", "--company", "bright", "--transfer-number", ""],
      base,
    );
    expect(cleared.code).toBe(0);
    const brightTools = JSON.parse(
      (await cli(["retell-tools", "--company", "bright", "--json"], base)).stdout,
    ) as { type: string }[];
    expect(brightTools.map((t) => t.type)).not.toContain("transfer_call");
  });

  it("prints the complete configuration in a dry run, without RETELL_API_KEY, sending nothing", async () => {
    const run = await cli(
      ["retell-agent", "provision", "--company", "salon", "--dry-run", "--json"],
      { ...base, PUBLIC_URL: publicUrl },
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.dryRun).toBe(true);
    const { llm, agent, phoneNumbers } = result.configuration;
    expect(llm.general_prompt).toContain("{{company_name}}");
    expect(llm.begin_message).toContain("{{company_name}}");
    expect(llm.general_tools.map((t: { name: string }) => t.name)).toEqual([
      "list_services",
      "list_staff",
      "check_availability",
      "book_appointment",
      "find_appointments",
      "cancel_appointment",
      "reschedule_appointment",
      "transfer_call",
      "end_call",
    ]);
    expect(agent).toMatchObject({
      agent_name: "Company salon",
      language: "de-DE",
      voice_id: expect.any(String),
      webhook_url: `${publicUrl}/webhooks/retell/events`,
      response_engine: { type: "retell-llm", llm_id: "<new LLM id>" },
    });
    expect(phoneNumbers).toEqual([
      {
        phone_number: "+493012345670",
        fields: {
          inbound_agents: [{ agent_id: "<new agent id>", weight: 1 }],
          inbound_webhook_url: `${publicUrl}/webhooks/retell/inbound`,
        },
      },
    ]);
    expect(standIn.requests).toEqual([]);
    const text = await cli(["retell-agent", "provision", "--company", "salon", "--dry-run"], {
      ...base,
      PUBLIC_URL: publicUrl,
    });
    expect(text.stdout).toMatch(/^dry run, nothing sent/);
  });

  it("refuses clearly without RETELL_API_KEY or PUBLIC_URL", async () => {
    const noKey = await cli(["retell-agent", "provision", "--company", "salon"], {
      ...base,
      PUBLIC_URL: publicUrl,
    });
    expect(noKey.code).not.toBe(0);
    expect(noKey.stderr).toMatch(/RETELL_API_KEY is not set/);
    const noUrl = await cli(["retell-agent", "provision", "--company", "salon"], {
      ...base,
      RETELL_API_KEY: apiKey,
    });
    expect(noUrl.code).not.toBe(0);
    expect(noUrl.stderr).toMatch(/PUBLIC_URL is not set/);
    expect(standIn.requests).toEqual([]);
  });

  it("creates the agent, then on a re-run changes nothing", async () => {
    const first = await cli(["retell-agent", "provision", "--company", "salon"], withRetell());
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/LLM\s+llm_standin_\d+\s+created/);
    expect(first.stdout).toMatch(/agent\s+agent_standin_\d+\s+created/);
    expect(first.stdout).toMatch(/number\s+\+493012345670\s+updated\s+inbound_agents/);
    const writes = standIn.writes().length;
    expect(writes).toBe(3);
    const again = await cli(
      ["retell-agent", "provision", "--company", "salon", "--json"],
      withRetell(),
    );
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result.outcomes.map((o: { action: string }) => o.action)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(standIn.writes().length).toBe(writes);
  });

  it("names the step Retell refused", async () => {
    standIn.faults.failOn = { path: "/create-retell-llm", status: 422 };
    try {
      const run = await cli(["retell-agent", "provision", "--company", "bright"], withRetell());
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/Retell refused to create llm: HTTP 422: stand-in fault/);
    } finally {
      standIn.faults.failOn = null;
    }
  });
});
