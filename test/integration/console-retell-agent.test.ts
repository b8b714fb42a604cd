import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRetellAgentApi } from "../../src/retell/agent-api.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import { type RetellApiStandIn, startRetellApiStandIn } from "../support/retell-api-stand-in.ts";

const apiKey = "key_console_provision";
const publicUrl = "https://frontdesk.example.com";
const en = { "accept-language": "en" };
const de = { "accept-language": "de" };
/** The Retell panel of the settings page. */
const retellPanel = (html: string) =>
  /<section[^>]*id="settings-retell"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

describe.each(testEngines())("console: setting up the agent in Retell on %s", (engine) => {
  let h: ConsoleHarness;
  let standIn: RetellApiStandIn;
  let owner: ConsoleClient;
  let german: ConsoleClient;
  let stranger: ConsoleClient;
  let base: string;

  beforeAll(async () => {
    standIn = await startRetellApiStandIn({ apiKey });
    h = await buildConsole(engine, {
      publicUrl,
      retellAgentApi: createRetellAgentApi({ apiKey, baseUrl: standIn.baseUrl }),
    });
    for (const p of await h.store.phoneNumbers.list(h.salon.id)) standIn.addPhoneNumber(p.number);
    base = `/admin/companies/${h.salon.id}`;
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    german = consoleClient(h.http, undefined, de);
    await german.login(logins.salon, consolePassword);
    stranger = consoleClient(h.http, undefined, en);
    await stranger.login(logins.bright, consolePassword);
    await owner.page(`${base}/settings`);
    await german.page(`${base}/settings`);
    await stranger.page(`/admin/companies/${h.bright.id}/settings`);
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  it("offers the action as a form posting with the CSRF token", async () => {
    const panel = retellPanel((await owner.page(`${base}/settings`)).html);
    expect(panel).toContain(`action="${base}/settings/retell-agent"`);
    expect(panel).toContain('name="_csrf"');
    expect(panel).toContain("Set up the agent in Retell");
    expect(retellPanel((await german.page(`${base}/settings`)).html)).toContain(
      "Agent in Retell einrichten",
    );
  });

  it("offers the same action on the setup page's Retell step", async () => {
    const page = (await owner.page(`${base}/onboarding`)).html;
    const form = /<div id="retell-provision">[\s\S]*?<\/form>/.exec(page)?.[0] ?? "";
    expect(form).toContain(`action="${base}/settings/retell-agent"`);
    expect(form).toContain('name="_csrf"');
  });

  it("refuses a post without the CSRF token, sending nothing", async () => {
    const res = await owner.post(`${base}/settings/retell-agent`, { _csrf: "wrong" });
    expect(res.status).toBe(403);
    expect(standIn.requests).toEqual([]);
  });

  it("another company's admin gets 404, and nothing is sent", async () => {
    const res = await stranger.post(`${base}/settings/retell-agent`, {});
    expect(res.status).toBe(404);
    expect(standIn.requests).toEqual([]);
    expect((await h.store.companies.findById(h.salon.id))?.retell?.agentId ?? null).toBeNull();
  });

  it("creates the LLM, the agent and the number binding, and says so", async () => {
    const res = await owner.post(`${base}/settings/retell-agent`, {});
    expect(res.status).toBe(200);
    const panel = retellPanel(res.html);
    const { retell } = (await h.store.companies.findById(h.salon.id))!;
    expect(panel).toMatch(new RegExp(`LLM <code>${retell?.llmId}</code>: created`));
    expect(panel).toMatch(new RegExp(`Agent <code>${retell?.agentId}</code>: created`));
    expect(panel).toMatch(/Phone number <code>\+49[0-9]+<\/code>: updated/);
    expect(standIn.writes()).toHaveLength(3);
  });

  it("a second run changes nothing, said in the user's language", async () => {
    const res = await german.post(`${base}/settings/retell-agent`, {});
    expect(res.status).toBe(200);
    expect(retellPanel(res.html).match(/unverändert/g)).toHaveLength(3);
    expect(standIn.writes()).toHaveLength(3);
  });

  it("says which step Retell refused", async () => {
    standIn.faults.failOn = { path: "/get-agent", status: 401 };
    try {
      const res = await owner.post(`${base}/settings/retell-agent`, {});
      expect(res.status).toBe(422);
      expect(retellPanel(res.html)).toContain(
        "Retell refused a step (reading the agent): HTTP 401",
      );
    } finally {
      standIn.faults.failOn = null;
    }
  });

  it("keeps the transfer number in the general settings, refusing one that is none", async () => {
    const general = {
      name: h.salon.name,
      timezone: h.salon.timezone,
      locale: "de",
      country: h.salon.country,
    };
    const bad = await owner.post(`${base}/settings/general`, { ...general, transferNumber: "12" });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Transfer number");
    expect(bad.html).toContain("not a phone number in DE");
    const badDe = await german.post(`${base}/settings/general`, {
      ...general,
      transferNumber: "12",
    });
    expect(badDe.html).toContain("Weiterleitungsnummer");
    expect(badDe.html).toContain("keine Telefonnummer in DE");
    const saved = await owner.post(`${base}/settings/general`, {
      ...general,
      transferNumber: "030 1234567",
    });
    expect(saved.status).toBe(303);
    expect((await h.store.companies.findById(h.salon.id))?.transferNumber).toBe("+49301234567");
    const audit = await h.store.companies.listAudit(h.salon.id, 5);
    expect(audit[0]?.fields).toEqual(["transferNumber"]);
    expect(JSON.stringify(audit)).not.toContain("1234567");
    const page = await owner.page(`${base}/settings`);
    expect(page.html).toContain('value="+49301234567"');
    // Empty clears it.
    await owner.post(`${base}/settings/general`, { ...general, transferNumber: "" });
    expect((await h.store.companies.findById(h.salon.id))?.transferNumber).toBeNull();
  });
});

describe.each(testEngines())("console: the Retell setup without RETELL_API_KEY on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;

  beforeAll(async () => {
    h = await buildConsole(engine, { publicUrl });
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    await owner.page(`/admin/companies/${h.salon.id}/settings`);
  });
  afterAll(() => h.close());

  it("says why nothing was set up", async () => {
    const res = await owner.post(`/admin/companies/${h.salon.id}/settings/retell-agent`, {});
    expect(res.status).toBe(422);
    expect(retellPanel(res.html)).toContain("RETELL_API_KEY is not set on the server");
    expect((await h.store.companies.findById(h.salon.id))?.retell?.llmId ?? null).toBeNull();
  });
});
