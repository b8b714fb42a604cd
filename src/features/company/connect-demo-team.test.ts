import { describe, expect, it, vi } from "vitest";
import type { Company } from "../../domain/entities.ts";
import type { DemoTeams } from "../../domain/ports/demo-teams.ts";
import { Secret } from "../../domain/secret.ts";
import { makeConnectDemoTeam } from "./connect-demo-team.ts";

const actor = { type: "cli" } as const;
const company = (calcom: Partial<Company["calcom"]> = {}) =>
  ({
    id: "c1",
    name: "Salon Sonne",
    slug: "salon-sonne",
    calcom: {
      baseUrl: "https://api.cal.com",
      teamId: null,
      apiKey: null,
      webhookSecret: null,
      ...calcom,
    },
  }) as Company;

function setup() {
  const demoTeams: DemoTeams = {
    serverUrl: () => "http://127.0.0.1:3000",
    create: vi.fn(async () => ({ baseUrl: "http://127.0.0.1:3001", teamId: 5001, apiKey: "k" })),
  };
  const updateCompanySettings = vi.fn(async (ctx: { company: Company }, _input: object) => ({
    ...ctx.company,
    warnings: [],
  }));
  const connect = makeConnectDemoTeam({ demoTeams, updateCompanySettings });
  return { demoTeams, updateCompanySettings, connect };
}

describe("connectDemoTeam", () => {
  it("makes the team, a webhook secret for the webhooks installed later, and saves the wiring", async () => {
    const { demoTeams, updateCompanySettings, connect } = setup();
    await connect({ company: company(), actor });
    expect(vi.mocked(demoTeams.create).mock.calls[0]![0]).toEqual({
      companySlug: "salon-sonne",
      companyName: "Salon Sonne",
    });
    const saved = updateCompanySettings.mock.calls[0]![1] as Record<string, unknown>;
    expect(saved).toMatchObject({
      calcomBaseUrl: "http://127.0.0.1:3001",
      calcomTeamId: 5001,
      calcomApiKey: "k",
    });
    expect(saved.calcomWebhookSecret).toMatch(/^[\w-]{32}$/);
  });

  it("keeps a webhook secret the company already has", async () => {
    const { demoTeams, updateCompanySettings, connect } = setup();
    await connect({ company: company({ webhookSecret: new Secret("whsec-own-123") }), actor });
    expect(demoTeams.create).toHaveBeenCalledOnce();
    expect(updateCompanySettings.mock.calls[0]![1]).not.toHaveProperty("calcomWebhookSecret");
  });

  it("refuses a company that already has a team, and anywhere but the demo", async () => {
    const { demoTeams, connect } = setup();
    await expect(connect({ company: company({ teamId: 1001 }), actor })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(demoTeams.create).not.toHaveBeenCalled();
    const outside = makeConnectDemoTeam({
      demoTeams: undefined,
      updateCompanySettings: setup().updateCompanySettings,
    });
    await expect(outside({ company: company(), actor })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("only be created on the demo's built-in simulator"),
    });
  });
});
