import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import { caller, seedCaller } from "../support/privacy-fixture.ts";

/** The caller-data page: look-up, download, erasure with confirmation, CSRF and tenancy. */
describe.each(testEngines())("console caller data on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let salonPage: string;

  beforeAll(async () => {
    h = await buildConsole(engine);
    const at = new Date().toISOString();
    await seedCaller(h.store, h.salon.id, at);
    await seedCaller(h.store, h.bright.id, at);
    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
    salonPage = `/admin/companies/${h.salon.id}/privacy`;
  });
  afterAll(() => h.close());

  it("looks a caller up by phone (POST) and shows what is stored", async () => {
    const page = await owner.page(salonPage);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Anruferdaten");
    // The section's tab is current.
    expect(page.html).toMatch(/href="[^"]*\/privacy" aria-current="page"/);
    const found = await owner.post(`${salonPage}/lookup`, { phone: caller.national });
    expect(found.status).toBe(200);
    expect(found.html).toContain(caller.name);
    expect(found.html).toContain(caller.phone);
    expect(found.html).toContain('id="privacy-erase"');
  });

  it("downloads the export as JSON", async () => {
    const res = await owner.post(`${salonPage}/export`, { phone: caller.phone });
    expect(res.status).toBe(200);
    expect(res.res.headers.get("content-disposition")).toContain("attachment");
    expect(JSON.parse(res.html)).toMatchObject({
      phone: caller.phone,
      customer: { name: caller.name },
    });
  });

  it("refuses an erasure without the CSRF token or without the number typed again", async () => {
    const forged = await owner.post(`${salonPage}/erase`, {
      _csrf: "forged",
      phone: caller.phone,
      confirm: caller.phone,
    });
    expect(forged.status).toBe(403);
    const unconfirmed = await owner.post(`${salonPage}/erase`, {
      phone: caller.phone,
      confirm: "+4915100000000",
    });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.html).toContain("stimmt nicht überein");
    expect(await h.store.customers.findByPhone(h.salon.id, caller.phone)).not.toBeNull();
  });

  it("another company's admin cannot reach this company's page", async () => {
    const other = consoleClient(h.http);
    await other.login(logins.bright, consolePassword);
    await other.page(`/admin/companies/${h.bright.id}/privacy`);
    const res = await other.post(`${salonPage}/erase`, {
      phone: caller.phone,
      confirm: caller.phone,
    });
    expect(res.status).toBe(404);
    expect(await h.store.customers.findByPhone(h.salon.id, caller.phone)).not.toBeNull();
  });

  it("erases after confirmation, in this company only, audited with the admin", async () => {
    const res = await owner.post(`${salonPage}/erase`, {
      phone: caller.phone,
      confirm: caller.national,
    });
    expect(res.status).toBe(200);
    expect(res.html).toContain('id="erase-result"');
    expect(res.html).not.toContain(caller.name);
    expect(await h.store.customers.findByPhone(h.salon.id, caller.phone)).toBeNull();
    expect(await h.store.customers.findByPhone(h.bright.id, caller.phone)).toMatchObject({
      name: caller.name,
    });
    const [audit] = await h.store.customers.listErasureAudit(h.salon.id, 5);
    expect(audit).toMatchObject({ actorType: "user", actorId: h.users.salon.id });
  });
});
