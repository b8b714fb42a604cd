import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../../src/domain/entities.ts";
import { createSimulator } from "../../src/simulator/index.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consoleFixture,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

describe.each(testEngines())("console service page on %s", (engine) => {
  let h: ConsoleHarness;
  let admin: ConsoleClient;
  let salon: TenantContext;
  const serviceId: Record<string, string> = {};
  let queries = 0;
  let counting = false;

  beforeAll(async () => {
    h = await buildConsole(engine, {
      onQuery: () => {
        if (counting) queries++;
      },
    });
    salon = { company: h.salon, actor: { type: "cli" } };
    await h.useCases.sync.syncServiceHosts(salon, { trigger: "cli" });
    for (const company of [h.salon, h.big]) {
      for (const s of await h.store.services.list(company.id)) serviceId[s.name] = s.id;
    }
    admin = consoleClient(h.http);
    await admin.login(logins.platform, consolePassword);
  });
  afterAll(() => h.close());

  const servicePath = (name: string, companyId = h.salon.id) =>
    `/admin/companies/${companyId}/services/${serviceId[name]}`;

  async function countQueries(path: string): Promise<{ queries: number; status: number }> {
    queries = 0;
    counting = true;
    try {
      const { status } = await admin.page(path);
      return { queries, status };
    } finally {
      counting = false;
    }
  }

  it("lists the services with their coverage", async () => {
    const { html } = await admin.page(`/admin/companies/${h.salon.id}/services`, {
      "accept-language": "en",
    });
    expect(html).toContain("2/3 hosts mapped");
    expect(html).toContain("1 to review");
    expect(html).toContain("1/2 hosts mapped");
    expect(html).toContain("No hosts");
    expect(html).toContain("No event type");
  });

  it("shows the hosts panel: tiles, a card per host with its status, and what each host can do", async () => {
    const { html, status } = await admin.page(servicePath("Haarschnitt"), {
      "accept-language": "en",
    });
    expect(status).toBe(200);
    const tile = (label: string) =>
      new RegExp(
        `<span class="tile-value">(\\d+)</span><span class="tile-label">${label}</span>`,
      ).exec(html)?.[1];
    expect([
      tile("Hosts"),
      tile("Mapped"),
      tile("To review"),
      tile("Unmapped"),
      tile("Available for this service"),
    ]).toEqual(["3", "2", "1", "0", "3"]);
    const card = (id: number) => {
      const start = html.indexOf(`id="host-${id}"`);
      // <wbr/> lets long addresses wrap before the @.
      return html.slice(start, html.indexOf("</li>", start)).replaceAll("<wbr/>", "");
    };
    expect(card(501)).toContain("Jörg Müller");
    expect(card(501)).toContain("joerg.mueller@salon-beispiel.de");
    expect(card(501)).toContain("@joerg · Owner");
    expect(card(501)).toContain("Mapped");
    expect(card(501)).toContain("100% confidence · matched by email");
    expect(card(501)).toContain("Bartpflege · 20 min");
    expect(card(503)).toContain("Sophie Weiß");
    expect(card(503)).toContain("Suggested");
    expect(card(503)).toContain("Sophie Weiss");
    expect(card(503)).toContain("umlaut");
    expect(card(503)).toContain(">Accept<");
    expect(card(503)).toContain(">Reject<");
    // Initials where Cal.com has no avatar.
    expect(card(503)).toContain(">SW</span>");
  });

  it("offers an unmapped host only the company's active staff that no host holds yet", async () => {
    const { html } = await admin.page(servicePath("Bartpflege"), { "accept-language": "en" });
    const start = html.indexOf('id="host-504"');
    const card = html.slice(start, html.indexOf("</li>", start));
    expect(card).toContain("Not mapped");
    const options = [...card.matchAll(/<option value="[^"]+">([^<·]+)/g)].map((m) => m[1]!.trim());
    // Jörg, Anna and Lena are mapped; Sophie is only suggested; Klaus is inactive; Bright's staff never.
    expect(options).toEqual(["Petra Neumann", "Sophie Weiss"]);
  });

  it("offers only the company's own Cal.com event types when editing a service", async () => {
    const { html } = await admin.page(servicePath("Kopfmassage"));
    const select = html.slice(
      html.indexOf('id="svc-event-type"'),
      html.indexOf("</select>", html.indexOf('id="svc-event-type"')),
    );
    const ids = [...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids.sort()).toEqual([2001, 2002, 2003, 2004]);
    // Another team's event type is refused even when posted by hand.
    const refused = await admin.post(servicePath("Kopfmassage"), {
      name: "Kopfmassage",
      durationMinutes: "15",
      eventTypeId: "2101",
    });
    expect(refused.status).toBe(422);
    expect(
      (await h.store.services.findById(h.salon.id, serviceId.Kopfmassage!))!.calcomEventTypeId,
    ).toBeNull();
    const saved = await admin.post(servicePath("Kopfmassage"), {
      name: "Kopfmassage",
      durationMinutes: "20",
      eventTypeId: "2004",
    });
    expect(saved.status).toBe(303);
    expect(await h.store.services.findById(h.salon.id, serviceId.Kopfmassage!)).toMatchObject({
      durationMinutes: 20,
      calcomEventTypeId: 2004,
    });
    await admin.post(servicePath("Kopfmassage"), {
      name: "Kopfmassage",
      durationMinutes: "15",
      eventTypeId: "",
    });
  });

  it("accepts a suggestion from the card: htmx gets the panel back, the audit gets a row naming the user", async () => {
    const audit = await h.store.hostMappings.countAudit(h.salon.id);
    const res = await admin.post(
      `/admin/companies/${h.salon.id}/mappings/503/accept`,
      { service: serviceId.Haarschnitt! },
      { "hx-request": "true", "accept-language": "en" },
    );
    expect(res.status).toBe(200);
    expect(res.html.startsWith('<section id="hosts-panel"')).toBe(true);
    expect(res.html).toContain("Mapping changed.");
    expect(res.html).toContain(
      '<span class="tile-value">3</span><span class="tile-label">Mapped</span>',
    );
    expect(await h.store.hostMappings.find(h.salon.id, 503)).toMatchObject({
      status: "active",
      source: "manual",
    });
    expect(await h.store.hostMappings.countAudit(h.salon.id)).toBe(audit + 1);
    const [entry] = await h.store.hostMappings.listAudit(h.salon.id, { limit: 1 });
    expect(entry).toMatchObject({
      action: "accepted",
      actor: { type: "user", userId: h.users.platform.id },
    });

    const page = await admin.page(`/admin/companies/${h.salon.id}/audit?host=503`, {
      "accept-language": "en",
    });
    expect(page.html).toContain("Accepted");
    expect(page.html).toContain(logins.platform);
    expect(page.html).toContain("Suggested: Sophie Weiss (80 %)");
    expect(page.html).toContain("Mapped: Sophie Weiss (80 %)");
  });

  it("says why a refused change was refused, in the panel", async () => {
    const res = await admin.post(
      `/admin/companies/${h.salon.id}/mappings/503/accept`,
      { service: serviceId.Haarschnitt! },
      { "hx-request": "true", "accept-language": "en" },
    );
    expect(res.status).toBe(200);
    expect(res.html).toContain("This conflicts with the current state:");
    expect(res.html).toContain("has no suggestion to accept");
  });

  it("issues the same number of SQL queries for a service with 3 hosts as for one with 40", async () => {
    await h.useCases.sync.syncServiceHosts(
      { company: h.big, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    const small = await countQueries(servicePath("Haarschnitt"));
    const large = await countQueries(servicePath("Big A", h.big.id));
    expect(small.status).toBe(200);
    expect(large.status).toBe(200);
    expect(large.queries).toBe(small.queries);
    // Session, company, switcher, resolver (3), staff pickers (2), event types.
    expect(small.queries).toBeLessThanOrEqual(9);
    const big = await admin.page(servicePath("Big A", h.big.id));
    expect(big.html.match(/class="host-card /g)).toHaveLength(40);
  });

  it("keeps every other page at a constant number of queries too", async () => {
    // A change by a console user in each company, so both audit pages name a user.
    const unset = await admin.post(`/admin/companies/${h.big.id}/mappings/1/unset`, {
      confirm: "yes",
    });
    expect(unset.status).toBe(303);
    for (const page of ["services", "mappings", "audit", "syncs", "appointments", "settings"]) {
      const small = await countQueries(`/admin/companies/${h.salon.id}/${page}`);
      const large = await countQueries(`/admin/companies/${h.big.id}/${page}`);
      expect([page, large.queries]).toEqual([page, small.queries]);
    }
  });

  it("names the states: no event type, no hosts, not synced", async () => {
    const en = { "accept-language": "en" };
    expect((await admin.page(servicePath("Kopfmassage"), en)).html).toContain(
      "not linked to a Cal.com event type",
    );
    expect((await admin.page(servicePath("Beratung"), en)).html).toContain(
      "The event type has no hosts in Cal.com",
    );
    const service = (await h.store.services.findById(h.salon.id, serviceId.Kopfmassage!))!;
    await h.store.services.update(h.salon.id, service.id, { ...service, calcomEventTypeId: 2999 });
    expect((await admin.page(servicePath("Kopfmassage"), en)).html).toContain(
      "Event type #2999 has not been synced from Cal.com yet",
    );
    expect((await admin.page(servicePath("Kopfmassage"))).html).toContain(
      "Termintyp #2999 wurde noch nicht aus Cal.com synchronisiert",
    );
  });

  it("says when the last sync failed and that the hosts shown are from the last good sync", async () => {
    const fixture = consoleFixture();
    fixture.apiKeys = fixture.apiKeys.filter((k) => k.key !== "cal_test_salon_beispiel");
    h.calcom.state.sim = createSimulator(fixture);
    const sync = await h.useCases.sync.syncTeam(salon, { trigger: "cli" });
    expect(sync.status).toBe("failed");
    const { html } = await admin.page(servicePath("Haarschnitt"), { "accept-language": "en" });
    expect(html).toContain("The last sync failed (");
    expect(html).toContain("What you see is the data from the last good sync (");
    expect(html.match(/class="host-card /g)).toHaveLength(3);
  });

  it("says when an event type was removed in Cal.com", async () => {
    const fixture = consoleFixture();
    const team = fixture.teams.find((t) => t.id === 1001)!;
    team.eventTypes = team.eventTypes.filter((e) => e.id !== 2003);
    h.calcom.state.sim = createSimulator(fixture);
    expect((await h.useCases.sync.syncTeam(salon, { trigger: "cli" })).status).toBe("succeeded");
    const { html } = await admin.page(servicePath("Bartpflege"), { "accept-language": "en" });
    expect(html).toContain("Event type #2003 was removed in Cal.com");
    expect(html).toContain("#2003 (removed in Cal.com)");
    const list = await admin.page(`/admin/companies/${h.salon.id}/services`, {
      "accept-language": "en",
    });
    expect(list.html).toContain("Removed in Cal.com");
  });
});
