import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const salonNumber = "+493012345670";
const brightNumber = "+442079460018";
const en = { "accept-language": "en" };
/** The phone numbers panel (a platform admin's company switcher names every company). */
const phonesPanel = (html: string) =>
  /<section[^>]*id="settings-phones"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

/** Phone numbers route calls, so only the platform adds or removes them. */
describe.each(testEngines())("console phone numbers on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let platform: ConsoleClient;
  let base: string;
  const numbers = async (companyId: string) =>
    (await h.store.phoneNumbers.list(companyId)).map((p) => p.number).sort();

  beforeAll(async () => {
    h = await buildConsole(engine);
    base = `/admin/companies/${h.salon.id}`;
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    await owner.page(`${base}/settings`);
    platform = consoleClient(h.http, undefined, en);
    await platform.login(logins.platform, consolePassword);
    await platform.page(`${base}/settings`);
  });
  afterAll(() => h.close());

  it("a company admin sees the numbers read-only and gets 403 for adding or removing one", async () => {
    const page = await owner.page(`${base}/settings`);
    expect(page.html).toContain(salonNumber);
    expect(page.html).toContain("only a platform admin can add or remove them");
    expect(page.html).not.toContain(`action="${base}/settings/phones"`);
    expect(page.html).not.toContain(`${base}/settings/phones/remove`);

    const before = await numbers(h.salon.id);
    // An unregistered number: today's hijack, a number whose calls a company admin would get.
    const add = await owner.post(`${base}/settings/phones`, { number: "+49 30 9999999" });
    expect(add.status).toBe(403);
    expect(add.html).toContain("only a platform admin can add or remove them");
    const remove = await owner.post(`${base}/settings/phones/remove`, { number: salonNumber });
    expect(remove.status).toBe(403);
    for (const headers of [{ "hx-request": "true" }]) {
      expect(
        (await owner.post(`${base}/settings/phones`, { number: "+49309999999" }, headers)).status,
      ).toBe(403);
    }
    expect(await numbers(h.salon.id)).toEqual(before);
    expect(
      await h.useCases.calls.routeCall({ toNumber: "+49309999999", agentId: null }),
    ).toBeNull();
  });

  it("the use-cases refuse anyone but the platform, whoever calls them", async () => {
    const asUser = { company: h.salon, actor: { type: "user", userId: h.users.salon.id } } as const;
    await expect(
      h.useCases.company.addPhoneNumber(asUser, { number: "+49309999998" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      h.useCases.company.addPhoneNumber(
        { ...asUser, role: "company_admin" },
        { number: "+49309999998" },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      h.useCases.company.removePhoneNumber(
        { company: h.salon, actor: { type: "voice" } },
        { number: salonNumber },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await numbers(h.salon.id)).not.toContain("+49309999998");
    expect(await numbers(h.salon.id)).toContain(salonNumber);
  });

  it("a platform admin adds and removes numbers, with the CSRF token, and calls follow at once", async () => {
    const page = await platform.page(`${base}/settings`);
    expect(page.html).toContain(`action="${base}/settings/phones"`);
    expect(page.html).toContain(`action="${base}/settings/phones/remove"`);

    const forged = await platform.post(`${base}/settings/phones`, {
      _csrf: "forged",
      number: "030 7654321",
    });
    expect(forged.status).toBe(403);
    expect(await numbers(h.salon.id)).not.toContain("+49307654321");

    const added = await platform.post(`${base}/settings/phones`, {
      number: "030 7654321",
      label: "Filiale",
    });
    expect(added.status).toBe(303);
    expect(added.res.headers.get("location")).toBe(`${base}/settings?saved=phones#settings-phones`);
    expect(await numbers(h.salon.id)).toContain("+49307654321");
    expect(
      (await h.useCases.calls.routeCall({ toNumber: "+49307654321", agentId: null }))?.id,
    ).toBe(h.salon.id);

    // Without the confirmation field the question comes back and nothing changes.
    const asked = await platform.post(`${base}/settings/phones/remove`, {
      number: "+49307654321",
    });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Remove +49307654321?");
    expect(asked.html).toContain('name="confirm" value="yes"');
    expect(await numbers(h.salon.id)).toContain("+49307654321");
    const removed = await platform.post(`${base}/settings/phones/remove`, {
      number: "+49307654321",
      confirm: "yes",
    });
    expect(removed.status).toBe(303);
    expect(await numbers(h.salon.id)).not.toContain("+49307654321");
    // The call directory was dropped: the removed number routes nowhere, within no cache time.
    expect(
      await h.useCases.calls.routeCall({ toNumber: "+49307654321", agentId: null }),
    ).toBeNull();
  });

  it("another company's number and an invalid one get the same neutral answer", async () => {
    const taken = await platform.post(`${base}/settings/phones`, { number: "+44 20 7946 0018" });
    const invalid = await platform.post(`${base}/settings/phones`, { number: "12" });
    for (const res of [taken, invalid]) {
      expect(res.status).toBe(422);
      expect(res.html).toContain("This number cannot be added.");
      expect(phonesPanel(res.html)).toContain("This number cannot be added.");
      expect(res.html).not.toMatch(/another company|already routed|invalid phone/i);
      expect(phonesPanel(res.html)).not.toContain("Bright Smiles");
    }
    expect(await numbers(h.bright.id)).toEqual([brightNumber]);
  });

  it("removing company B's number through company A's page fails and leaves it", async () => {
    const before = await numbers(h.bright.id);
    const res = await platform.post(`${base}/settings/phones/remove`, { number: brightNumber });
    expect(res.status).toBe(422);
    expect(phonesPanel(res.html)).toContain("This number cannot be removed.");
    expect(phonesPanel(res.html)).not.toContain("Bright Smiles");
    expect(await numbers(h.bright.id)).toEqual(before);
    expect((await h.useCases.calls.routeCall({ toNumber: brightNumber, agentId: null }))?.id).toBe(
      h.bright.id,
    );
    // A company admin of A cannot reach B's page at all.
    const brightBase = `/admin/companies/${h.bright.id}`;
    const owner404 = await owner.post(`${brightBase}/settings/phones/remove`, {
      number: brightNumber,
    });
    expect(owner404.status).toBe(404);
    expect(await numbers(h.bright.id)).toEqual(before);
  });
});
