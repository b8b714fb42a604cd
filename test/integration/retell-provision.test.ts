import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import {
  type ProvisionResult,
  RetellProvisioningError,
} from "../../src/features/company/provision-retell-agent.ts";
import { createRetellAgentApi } from "../../src/retell/agent-api.ts";
import { buildConsole, type ConsoleHarness } from "../support/console-app.ts";
import { testEngines } from "../support/database.ts";
import { type RetellApiStandIn, startRetellApiStandIn } from "../support/retell-api-stand-in.ts";

const apiKey = "key_provision_test";
const publicUrl = "https://frontdesk.example.com";

const actions = (result: ProvisionResult) =>
  result.outcomes.map((o) => [o.kind, o.action, o.fields.length ? o.fields : undefined]);

/** `retell-agent provision` against a stand-in of Retell's API, through retell-sdk. */
describe.each(testEngines())("provisioning a company's Retell agent on %s", (engine) => {
  let h: ConsoleHarness;
  let standIn: RetellApiStandIn;
  let salonNumber: string;
  let brightNumber: string;
  const cli = { type: "cli" } as const;
  const tenant = async (company: Company): Promise<TenantContext> => ({
    company: (await h.store.companies.findById(company.id))!,
    actor: cli,
  });
  const provision = async (company: Company, input?: { dryRun?: boolean }) =>
    h.useCases.company.provisionRetellAgent(await tenant(company), input);

  beforeAll(async () => {
    standIn = await startRetellApiStandIn({ apiKey });
    h = await buildConsole(engine, {
      publicUrl,
      retellAgentApi: createRetellAgentApi({ apiKey, baseUrl: standIn.baseUrl }),
    });
    const first = async (companyId: string) =>
      (await h.store.phoneNumbers.list(companyId))[0]!.number;
    salonNumber = await first(h.salon.id);
    brightNumber = await first(h.bright.id);
    standIn.addPhoneNumber(salonNumber);
    standIn.addPhoneNumber(brightNumber);
    await h.useCases.company.updateCompanySettings(await tenant(h.salon), {
      transferNumber: "030 1234567",
    });
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  it("creates the LLM and the agent once, binds the number, keeps the ids and routes the agent", async () => {
    const result = await provision(h.salon);
    expect(actions(result)).toEqual([
      ["llm", "created", expect.any(Array)],
      ["agent", "created", expect.any(Array)],
      ["phone_number", "updated", ["inbound_agents", "inbound_webhook_url"]],
    ]);
    const writes = standIn.writes().map((r) => `${r.method} ${r.path.split("/")[1]}`);
    expect(writes).toEqual([
      "POST create-retell-llm",
      "POST create-agent",
      "PATCH update-phone-number",
    ]);

    const { llmId, agentId } = (await h.store.companies.findById(h.salon.id))!.retell as {
      llmId: string;
      agentId: string;
    };
    expect(llmId).toMatch(/^llm_standin_/);
    expect(agentId).toMatch(/^agent_standin_/);
    expect(await h.store.retellAgents.findByAgentId(agentId)).toEqual(
      expect.objectContaining({ companyId: h.salon.id }),
    );

    const llm = standIn.llms.get(llmId)!;
    expect(llm.general_prompt).toContain("{{company_name}}");
    expect(llm.general_prompt).toContain("gebucht");
    const tools = llm.general_tools ?? [];
    expect(tools.filter((t) => t.type === "custom").map((t) => t.name)).toEqual([
      "list_services",
      "list_staff",
      "check_availability",
      "book_appointment",
      "find_appointments",
      "cancel_appointment",
      "reschedule_appointment",
    ]);
    for (const tool of tools)
      if (tool.type === "custom") {
        expect(tool.url).toBe(`${publicUrl}/webhooks/retell/functions`);
        expect(tool.timeout_ms).toBeGreaterThanOrEqual(10_000);
      }
    expect(tools.find((t) => t.type === "transfer_call")).toMatchObject({
      transfer_destination: { type: "predefined", number: "+49301234567" },
      transfer_option: { type: "cold_transfer" },
    });
    expect(standIn.agents.get(agentId)).toMatchObject({
      agent_name: h.salon.name,
      language: "de-DE",
      response_engine: { type: "retell-llm", llm_id: llmId },
      webhook_url: `${publicUrl}/webhooks/retell/events`,
    });
    expect(standIn.phoneNumbers.get(salonNumber)).toMatchObject({
      inbound_agents: [{ agent_id: agentId, weight: 1 }],
      inbound_webhook_url: `${publicUrl}/webhooks/retell/inbound`,
    });
    expect(standIn.requests.every((r) => r.authorization === `Bearer ${apiKey}`)).toBe(true);
  });

  it("changes nothing on a re-run: it reads and compares, and sends no create and no update", async () => {
    const before = standIn.requests.length;
    const result = await provision(h.salon);
    expect(actions(result)).toEqual([
      ["llm", "unchanged", undefined],
      ["agent", "unchanged", undefined],
      ["phone_number", "unchanged", undefined],
    ]);
    const since = standIn.requests.slice(before);
    expect(since.map((r) => r.method)).toEqual(["GET", "GET", "GET"]);
  });

  it("updates only what differs, and leaves the voice the business chose in Retell", async () => {
    const { agentId } = (await h.store.companies.findById(h.salon.id))!.retell!;
    const agent = standIn.agents.get(agentId!)!;
    standIn.agents.set(agentId!, {
      ...agent,
      voice_id: "11labs-Chosen",
      webhook_url: "https://old.example/x",
    });
    const before = standIn.writes().length;
    const result = await provision(h.salon);
    expect(actions(result)).toEqual([
      ["llm", "unchanged", undefined],
      ["agent", "updated", ["webhook_url"]],
      ["phone_number", "unchanged", undefined],
    ]);
    expect(standIn.writes().slice(before)).toEqual([
      expect.objectContaining({
        method: "PATCH",
        path: `/update-agent/${agentId}`,
        body: { webhook_url: `${publicUrl}/webhooks/retell/events` },
      }),
    ]);
    expect(standIn.agents.get(agentId!)?.voice_id).toBe("11labs-Chosen");
  });

  it("creates an LLM again that Retell no longer knows, and moves the agent onto it", async () => {
    const old = (await h.store.companies.findById(h.salon.id))!.retell!;
    standIn.llms.delete(old.llmId!);
    const result = await provision(h.salon);
    expect(actions(result)).toEqual([
      ["llm", "created", expect.any(Array)],
      ["agent", "updated", ["response_engine"]],
      ["phone_number", "unchanged", undefined],
    ]);
    const now = (await h.store.companies.findById(h.salon.id))!.retell!;
    expect(now.llmId).not.toBe(old.llmId);
    expect(now.agentId).toBe(old.agentId);
    expect(standIn.agents.get(now.agentId!)?.response_engine).toMatchObject({ llm_id: now.llmId });
  });

  it("keeps another company's provisioning to its own ids and numbers", async () => {
    const salon = (await h.store.companies.findById(h.salon.id))!.retell!;
    const before = standIn.requests.length;
    const result = await provision(h.bright);
    const bright = (await h.store.companies.findById(h.bright.id))!.retell!;
    expect(bright.llmId).not.toBe(salon.llmId);
    expect(bright.agentId).not.toBe(salon.agentId);
    expect(result.outcomes.find((o) => o.kind === "phone_number")?.id).toBe(brightNumber);
    for (const r of standIn.requests.slice(before)) {
      for (const mine of [salon.llmId!, salon.agentId!, encodeURIComponent(salonNumber)])
        expect(r.path).not.toContain(mine);
      expect(JSON.stringify(r.body ?? {})).not.toContain(salon.agentId!);
    }
    // English company: English prompt and language, no transfer without a number.
    const llm = standIn.llms.get(bright.llmId!)!;
    expect(llm.general_prompt).toContain("booked");
    expect(llm.general_tools?.some((t) => t.type === "transfer_call")).toBe(false);
    expect(standIn.agents.get(bright.agentId!)?.language).toBe("en-US");
    expect(standIn.phoneNumbers.get(salonNumber)?.inbound_agents).toEqual([
      { agent_id: salon.agentId, weight: 1 },
    ]);
    expect((await h.store.retellAgents.findByAgentId(bright.agentId!))?.companyId).toBe(
      h.bright.id,
    );
  });

  it("says which step Retell refused, and keeps what was created before it", async () => {
    standIn.faults.failOn = { path: "/create-agent", status: 500 };
    try {
      const error = await provision(h.big).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetellProvisioningError);
      expect(error).toMatchObject({ problem: "retell_failed", step: "create_agent" });
      expect((error as Error).message).toMatch(/create agent: HTTP 500/);
    } finally {
      standIn.faults.failOn = null;
    }
    const kept = (await h.store.companies.findById(h.big.id))!.retell!;
    expect(kept.llmId).toMatch(/^llm_standin_/);
    expect(kept.agentId).toBeNull();
    const before = standIn.writes().length;
    const again = await provision(h.big);
    expect(actions(again)).toEqual([
      ["llm", "unchanged", undefined],
      ["agent", "created", expect.any(Array)],
    ]);
    expect(
      standIn
        .writes()
        .slice(before)
        .map((r) => r.path),
    ).toEqual(["/create-agent"]);
  });

  it("reports a number Retell does not have, and binds the rest", async () => {
    standIn.phoneNumbers.delete(brightNumber);
    const result = await provision(h.bright);
    expect(result.outcomes.at(-1)).toEqual({
      kind: "phone_number",
      id: brightNumber,
      action: "missing",
      fields: [],
    });
  });

  it("prints in a dry run what it would send, and sends nothing", async () => {
    const before = standIn.requests.length;
    const result = await provision(h.salon, { dryRun: true });
    expect(standIn.requests.length).toBe(before);
    expect(result.outcomes).toEqual([]);
    const { retell } = (await h.store.companies.findById(h.salon.id))!;
    expect(result.configuration.agent).toMatchObject({
      response_engine: { llm_id: retell?.llmId },
    });
    expect(result.configuration.phoneNumbers).toEqual([
      {
        phone_number: salonNumber,
        fields: {
          inbound_agents: [{ agent_id: retell?.agentId, weight: 1 }],
          inbound_webhook_url: `${publicUrl}/webhooks/retell/inbound`,
        },
      },
    ]);
  });
});
