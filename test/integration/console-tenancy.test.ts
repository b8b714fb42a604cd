import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

describe.each(testEngines())("console tenancy on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let brightService: string;
  let brightStaff: string;
  let salonService: string;

  beforeAll(async () => {
    h = await buildConsole(engine);
    // Bright Smiles has mappings, a suggestion and history worth protecting.
    await h.useCases.sync.syncServiceHosts(
      { company: h.bright, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    brightService = (await h.store.services.list(h.bright.id))[0]!.id;
    brightStaff = (await h.store.staff.list(h.bright.id))[0]!.id;
    salonService = (await h.store.services.list(h.salon.id)).find(
      (s) => s.name === "Haarschnitt",
    )!.id;
    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
    await owner.page(`/admin/companies/${h.salon.id}/services`);
  });
  afterAll(() => h.close());

  /** Everything of a company the console could change. */
  async function snapshot(company: Company) {
    const ctx = { company, actor: { type: "cli" } as const };
    return {
      company: JSON.stringify(await h.store.companies.findById(company.id)),
      mappings: await h.store.hostMappings.list(company.id),
      audit: await h.store.hostMappings.countAudit(company.id),
      runs: (await h.useCases.sync.listSyncRuns(ctx, 500)).length,
      services: await h.store.services.list(company.id),
      phones: await h.store.phoneNumbers.list(company.id),
    };
  }

  const pages = (companyId: string, serviceId: string) =>
    [
      "",
      "/services",
      `/services/${serviceId}`,
      "/mappings",
      "/mappings?status=suggested&q=a",
      "/audit",
      "/audit?host=601",
      "/syncs",
      "/syncs/status",
      "/appointments",
      "/appointments?tab=past&view=week",
      "/appointments.csv",
      "/staff",
      "/calls",
      "/deliveries",
      "/settings",
    ].map((p) => `/admin/companies/${companyId}${p}`);

  const expectOpens = async (client: ConsoleClient, path: string) => {
    const res = await client.page(path);
    // The company's root is its overview.
    expect([path, res.status]).toEqual([path, 200]);
  };

  const actions = (companyId: string, serviceId: string, staffId: string) => {
    const base = `/admin/companies/${companyId}`;
    return [
      [
        `${base}/services/${serviceId}`,
        { name: "Hijacked", durationMinutes: "10", eventTypeId: "" },
      ],
      [`${base}/mappings/601/set`, { staffId }],
      [`${base}/mappings/603/accept`, {}],
      [`${base}/mappings/603/reject`, {}],
      [`${base}/mappings/601/unset`, {}],
      [`${base}/mappings/601/set`, { staffId, service: serviceId }],
      [`${base}/mappings/bulk`, { action: "accept", host: ["601", "602", "603"] }],
      [`${base}/mappings/bulk`, { action: "set", host: ["601"], "staff-601": staffId }],
      [`${base}/syncs`, {}],
      [`${base}/settings/test`, {}],
      [
        `${base}/settings/general`,
        { name: "Hijacked", timezone: "UTC", locale: "en", country: "DE" },
      ],
      [
        `${base}/settings/calcom`,
        { calcomBaseUrl: "https://api.cal.com", calcomTeamId: "9", calcomApiKey: "stolen" },
      ],
      [`${base}/settings/webhook`, {}],
      [`${base}/settings/matching`, { autoThreshold: "61", suggestThreshold: "60" }],
      [`${base}/settings/notifications`, { notifyEmail: "evil@example.com", notifyWebhookUrl: "" }],
      [`${base}/settings/phones`, { number: "+44 20 7946 0999", label: "evil" }],
    ] as const;
  };

  it("a company admin gets 404 for every page of another company, like for one that does not exist", async () => {
    for (const path of [
      ...pages(h.bright.id, brightService),
      ...pages("no-such-company", brightService),
      `/admin/switch?company=${h.bright.id}`,
    ]) {
      const res = await owner.page(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.html).not.toContain("Bright Smiles");
    }
    for (const path of pages(h.salon.id, salonService)) await expectOpens(owner, path);
  });

  it("a company admin gets 404 for every action on another company, with a valid token, and nothing changes", async () => {
    const before = await snapshot(h.bright);
    for (const [path, form] of actions(h.bright.id, brightService, brightStaff)) {
      for (const headers of [{}, { "hx-request": "true" }] as Record<string, string>[]) {
        const res = await owner.post(path, form as Record<string, string | string[]>, headers);
        expect([path, res.status]).toEqual([path, 404]);
      }
    }
    expect(await snapshot(h.bright)).toEqual(before);
    expect(h.useCases.sync.syncNow.state(h.bright.id).running).toBe(false);
  });

  it("another company's service, host or staff member in an own-company URL changes nothing", async () => {
    const salonBefore = await snapshot(h.salon);
    const brightBefore = await snapshot(h.bright);
    const base = `/admin/companies/${h.salon.id}`;
    expect((await owner.page(`${base}/services/${brightService}`)).status).toBe(404);
    const post = await owner.post(`${base}/services/${brightService}`, {
      name: "X",
      durationMinutes: "10",
    });
    expect([post.status, post.res.headers.get("location")]).toEqual([404, null]);
    // Host 601 is in Bright Smiles' team only.
    expect((await owner.post(`${base}/mappings/601/unset`)).status).toBe(404);
    expect((await owner.post(`${base}/mappings/601/set`, { staffId: brightStaff })).status).toBe(
      404,
    );
    expect(
      (await owner.post(`${base}/mappings/bulk`, { action: "accept", host: ["601"] })).status,
    ).toBe(404);
    // Salon's own host with Bright's staff member: refused, said so, nothing written.
    const refused = await owner.post(`${base}/mappings/504/set`, { staffId: brightStaff });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("no staff member");
    const bulk = await owner.post(`${base}/mappings/bulk`, {
      action: "set",
      host: ["504"],
      "staff-504": brightStaff,
    });
    expect(bulk.status).toBe(422);
    expect(await snapshot(h.salon)).toEqual(salonBefore);
    expect(await snapshot(h.bright)).toEqual(brightBefore);
  });

  it("a platform admin sees every company and switches between them", async () => {
    const admin = consoleClient(h.http);
    await admin.login(logins.platform, consolePassword);
    for (const path of [...pages(h.bright.id, brightService), ...pages(h.salon.id, salonService)])
      await expectOpens(admin, path);
    const switched = await admin.request(
      "GET",
      `/admin/switch?company=${h.bright.id}&section=mappings`,
    );
    expect(switched.headers.get("location")).toBe(`/admin/companies/${h.bright.id}/mappings`);
    expect((await admin.page("/admin/switch?company=nope")).status).toBe(404);
    // The switcher lists every company for a platform admin, none for a company admin.
    const page = await admin.page(`/admin/companies/${h.salon.id}/services`);
    expect(page.html).toContain(`value="${h.bright.id}"`);
    expect((await owner.page(`/admin/companies/${h.salon.id}/services`)).html).not.toContain(
      h.bright.id,
    );
  });
});
