import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localToday } from "../../src/domain/datetime/calendar.ts";
import type { Company } from "../../src/domain/entities.ts";
import type { CallRecord } from "../../src/domain/ports/calls.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import {
  newAppointment,
  newCompany,
  newEventType,
  newHost,
  newHostMapping,
  newService,
  newStaff,
} from "../support/factories.ts";

const call = (retellCallId: string): CallRecord => ({
  retellCallId,
  agentId: null,
  fromNumber: "+4915112345678",
  toNumber: "+493012345678",
  direction: "inbound",
  status: "ended",
  startedAt: new Date().toISOString(),
  endedAt: null,
  durationMs: 60_000,
  summary: null,
  outcome: null,
});

/** The number in a dashboard tile, by the tile's id. */
const tile = (html: string, id: string) =>
  new RegExp(`id="${id}"[^>]*>\\s*<span class="tile-value">([^<]+)</span>`).exec(html)?.[1];

/** The company dashboard and the platform overview: numbers, tenancy, a constant query count. */
describe.each(testEngines())("console dashboard on %s", (engine) => {
  let h: ConsoleHarness;
  let admin: ConsoleClient;
  let owner: ConsoleClient;
  let f: Company;
  let queries = 0;
  let counting = false;

  /** A company with something of every signal, built by the factories (no team sync). */
  async function seedCompany(name: string) {
    const s = h.store;
    const company = await newCompany(s, { name });
    // Four hosts on one event type: mapped, suggested, unmapped (the third) and rejected.
    const [a, b, , d] = await Promise.all([
      newStaff(s, company),
      newStaff(s, company),
      newStaff(s, company),
      newStaff(s, company),
    ]);
    const hosts = [];
    for (let i = 0; i < 4; i++) hosts.push(await newHost(s, company));
    const [mapped, suggested, , rejected] = hosts;
    const good = await newEventType(s, company, { hosts });
    const seated = await newEventType(s, company, { hosts: [mapped!], problems: ["seated"] });
    await newHostMapping(s, company, mapped!, a!);
    await newHostMapping(s, company, suggested!, b!, { status: "suggested", source: "auto_name" });
    await newHostMapping(s, company, rejected!, d!, { status: "rejected" });
    const cut = await newService(s, company, {
      name: "Schnitt",
      calcomEventTypeId: good.eventTypeId,
    });
    await newService(s, company, { name: "Ohne Typ" });
    await newService(s, company, { name: "Mit Plätzen", calcomEventTypeId: seated.eventTypeId });
    const off = await newService(s, company, { name: "Alt" });
    await s.services.update(company.id, off.id, {
      name: off.name,
      durationMinutes: off.durationMinutes,
      priceCents: off.priceCents,
      calcomEventTypeId: off.calcomEventTypeId,
      active: false,
    });

    // Today in the company's zone: two that count, a cancelled one and one tomorrow that do not.
    const start = localToday(new Date(), company.timezone);
    const at = (minutes: number) => start.plus({ minutes }).toUTC().toISO()!;
    const end = 24 * 60;
    await newAppointment(s, company, { startAt: at(1), endAt: at(2), status: "accepted" });
    await newAppointment(s, company, {
      startAt: at(end - 31),
      endAt: at(end - 1),
      status: "pending",
      serviceId: cut.id,
      attendeeName: `Spät ${name}`,
    });
    await newAppointment(s, company, { startAt: at(600), endAt: at(630), status: "cancelled" });
    await newAppointment(s, company, { startAt: at(end + 60), endAt: at(end + 90) });

    await s.calls.upsert(company.id, call(`${company.slug}-1`));
    await s.calls.upsert(company.id, call(`${company.slug}-2`));

    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const team = await s.syncRuns.start(company.id, {
      kind: "team",
      trigger: "cli",
      scope: null,
      startedAt: iso(now - 60_000),
    });
    await s.syncRuns.finish(company.id, team.id, {
      status: "succeeded",
      finishedAt: iso(now - 50_000),
      counts: {},
      calcomRequests: 1,
      error: null,
    });
    const reconcile = await s.syncRuns.start(company.id, {
      kind: "reconcile",
      trigger: "schedule",
      scope: null,
      startedAt: iso(now - 40_000),
    });
    await s.syncRuns.finish(company.id, reconcile.id, {
      status: "failed",
      finishedAt: iso(now - 30_000),
      counts: {},
      calcomRequests: 1,
      error: "Cal.com answered 500",
    });

    const delivery = async (key: string, outcome: string, ageMs: number) => {
      const receivedAt = iso(now - ageMs);
      const { id } = await s.inbox.record(company.id, {
        provider: "calcom",
        eventType: "BOOKING_CREATED",
        dedupeKey: key,
        payload: "{}",
        receivedAt,
      });
      await s.inbox.markProcessed(company.id, id, outcome, null, receivedAt);
    };
    await delivery("BOOKING_CREATED:r1", "refused_foreign_event_type", 3_600_000);
    await delivery("BOOKING_CREATED:r2", "refused_foreign_event_type", 2 * 86_400_000);
    await delivery("BOOKING_CREATED:ok", "created", 60_000);
    return company;
  }

  beforeAll(async () => {
    h = await buildConsole(engine, {
      onQuery: () => {
        if (counting) queries++;
      },
    });
    f = await seedCompany("Salon Dashboard");
    admin = consoleClient(h.http);
    await admin.login(logins.platform, consolePassword);
    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
  }, 120_000);

  afterAll(() => h?.close());

  async function counted<T>(work: () => Promise<T>) {
    queries = 0;
    counting = true;
    try {
      const result = await work();
      return { result, queries };
    } finally {
      counting = false;
    }
  }

  it("shows today's numbers, what needs review and the last runs of a company", async () => {
    const page = await admin.page(`/admin/companies/${f.id}`, { "accept-language": "en" });
    expect(page.status).toBe(200);
    const html = page.html;
    expect(tile(html, "dash-appointments")).toBe("2");
    expect(tile(html, "dash-calls")).toBe("2");
    expect(tile(html, "dash-hosts")).toBe("2");
    expect(tile(html, "dash-deliveries")).toBe("1");
    expect(html).toContain("1 suggested, 1 not mapped");
    expect(html).toContain("Spät Salon Dashboard");
    // Unbookable: one without event type, one whose event type has seats; not the inactive one.
    expect(html).toContain("Ohne Typ");
    expect(html).toContain("not linked to a Cal.com event type");
    expect(html).toContain("Mit Plätzen");
    expect(html).toContain("the event type has seats");
    expect(html).not.toContain(">Alt<");
    expect(html).toMatch(/id="dash-last-sync">[\s\S]*?Succeeded/);
    expect(html).toMatch(/id="dash-last-reconcile">[\s\S]*?Failed/);
    // The overview is the first tab, and current here.
    expect(html).toMatch(/<nav class="tabs"[^>]*><a href="[^"]+" aria-current="page">Overview/);
    expect(html).toContain(
      `href="/admin/companies/${f.id}/deliveries?outcome=refused_foreign_event_type"`,
    );
    expect(html).toContain(`href="/admin/companies/${f.id}/mappings"`);
  });

  it("speaks German to a German user", async () => {
    const de = await admin.page(`/admin/companies/${f.id}`, { "accept-language": "de-DE" });
    // The platform admin chose no locale, so the browser's languages decide.
    expect(de.html).toContain('lang="de"');
    expect(de.html).toContain("Termine heute");
    expect(de.html).toContain("1 vorgeschlagen, 1 nicht zugeordnet");
    expect(de.html).toContain("der Termintyp hat Plätze");
  });

  it("gives the platform overview the same numbers, per company", async () => {
    const rows = await h.useCases.company.platformOverview(h.users.platform);
    const row = rows.find((r) => r.company.id === f.id)!;
    expect(row).toMatchObject({
      appointmentsToday: 2,
      hostsToReview: 2,
      unbookableServices: 2,
      refusedDeliveries24h: 1,
      lastSync: { status: "succeeded" },
    });
    // The dashboard of the same company agrees.
    const dash = await h.useCases.company.companyDashboard({
      company: f,
      actor: { type: "cli" },
    });
    expect(dash.appointments.count).toBe(row.appointmentsToday);
    expect(dash.hosts.suggested + dash.hosts.unmapped).toBe(row.hostsToReview);
    expect(dash.unbookable.length).toBe(row.unbookableServices);
    expect(dash.refusedDeliveries.count).toBe(row.refusedDeliveries24h);
    // The demo companies were synced but have no refusals, and a company without rows reads 0.
    const salon = rows.find((r) => r.company.id === h.salon.id)!;
    expect(salon.refusedDeliveries24h).toBe(0);
    expect(salon.lastSync?.status).toBe("succeeded");
    expect(salon.hostsToReview).toBe(
      (await h.useCases.mappings.reviewHostMappings({ company: h.salon, actor: { type: "cli" } }))
        .counts.unmapped +
        (await h.useCases.mappings.reviewHostMappings({ company: h.salon, actor: { type: "cli" } }))
          .counts.suggested,
    );

    const page = await admin.page("/admin/companies", { "accept-language": "en" });
    expect(page.status).toBe(200);
    expect(page.html).toContain("New company");
    expect(page.html).toContain('href="/admin/companies/new"');
    expect(page.html).toContain(`href="/admin/companies/${f.id}"`);
    expect(page.html).toContain("Bright Smiles Dental");
    expect((await admin.request("GET", "/admin")).headers.get("location")).toBe("/admin/companies");
    // The company switcher keeps the overview tab.
    const switched = await admin.request("GET", `/admin/switch?company=${f.id}&section=overview`);
    expect(switched.headers.get("location")).toBe(`/admin/companies/${f.id}`);
  });

  it("keeps each company admin to their own dashboard", async () => {
    expect((await owner.request("GET", "/admin")).headers.get("location")).toBe(
      `/admin/companies/${h.salon.id}`,
    );
    expect((await owner.request("GET", "/admin/companies")).headers.get("location")).toBe(
      `/admin/companies/${h.salon.id}`,
    );
    expect((await owner.page(`/admin/companies/${h.salon.id}`)).status).toBe(200);
    expect((await owner.page(`/admin/companies/${h.bright.id}`)).status).toBe(404);
    const other = await owner.page(`/admin/companies/${f.id}`);
    expect(other.status).toBe(404);
    expect(other.html).not.toContain("Salon Dashboard");
    await expect(h.useCases.company.platformOverview(h.users.salon)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("makes as many queries for 20 companies as for 4", async () => {
    const few = await counted(() => admin.page("/admin/companies"));
    const dashFew = await counted(() => admin.page(`/admin/companies/${f.id}`));
    const dashSalon = await counted(() => admin.page(`/admin/companies/${h.salon.id}`));
    expect(few.result.status).toBe(200);
    const existing = (await h.store.companies.list()).length;
    for (let i = existing; i < 20; i++) await seedCompany(`Salon Menge ${i}`);
    expect((await h.store.companies.list()).length).toBe(20);
    const many = await counted(() => admin.page("/admin/companies"));
    expect(many.result.html.match(/<tr data-company=/g)?.length).toBe(20);
    expect(many.queries).toBe(few.queries);
    expect(many.queries).toBeLessThanOrEqual(10);
    // The company dashboard: the same for a small and a big company, and with more companies.
    const dashMany = await counted(() => admin.page(`/admin/companies/${f.id}`));
    expect(dashSalon.queries).toBe(dashFew.queries);
    expect(dashMany.queries).toBe(dashFew.queries);
    // Eight of them are the setup checklist's (the "Setup: 5 of 9 done" card).
    expect(dashFew.queries).toBeLessThanOrEqual(22);
  }, 120_000);
});
