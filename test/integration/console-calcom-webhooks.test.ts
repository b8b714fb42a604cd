import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const en = { "accept-language": "en" };
const de = { "accept-language": "de-DE" };

describe.each(testEngines())("Install webhooks in Cal.com on the setup page on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  const hooksOf = async (eventTypeId: number, key: string) => {
    const res = await h.calcom.state.sim.app.request(`/v2/event-types/${eventTypeId}/webhooks`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return ((await res.json()) as { data: { subscriberUrl: string }[] }).data;
  };
  const action = (companyId: string) => `/admin/companies/${companyId}/onboarding/webhooks`;

  beforeAll(async () => {
    h = await buildConsole(engine, { publicUrl: "https://frontdesk.example" });
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    await owner.page(`/admin/companies/${h.salon.id}/onboarding`);
  }, 120_000);
  afterAll(() => h?.close());

  it("offers the button, and says to set a webhook secret first", async () => {
    const page = await owner.page(`/admin/companies/${h.salon.id}/onboarding`);
    expect(page.html).toContain('id="install-webhooks"');
    expect(page.html).toContain("Install webhooks in Cal.com");
    await h.store.companies.update(h.salon.id, { calcomWebhookSecret: null });
    const refused = await owner.post(action(h.salon.id));
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("webhook secret");
    expect(await hooksOf(2001, "cal_test_salon_beispiel")).toEqual([]);
  });

  it("installs them and says so, in German too; a second click changes nothing", async () => {
    await h.useCases.company.rotateWebhookSecret(
      { company: h.salon, actor: { type: "cli" } },
      { secret: "salon-console-secret-0123456789" },
    );
    const done = await owner.post(action(h.salon.id));
    expect(done.status).toBe(200);
    expect(done.html).toContain("Webhooks in Cal.com: 4 created, 0 updated, 0 already up to date.");
    expect((await hooksOf(2001, "cal_test_salon_beispiel")).map((w) => w.subscriberUrl)).toEqual([
      "https://frontdesk.example/webhooks/calcom/salon-beispiel",
    ]);
    const again = await owner.post(action(h.salon.id), {}, de);
    expect(again.html).toContain(
      "Webhooks in Cal.com: 0 angelegt, 0 aktualisiert, 4 bereits aktuell.",
    );
  });

  it("never installs for another company", async () => {
    const crossed = await owner.post(action(h.bright.id));
    expect([403, 404]).toContain(crossed.status);
    expect(await hooksOf(2101, "cal_test_bright_smiles")).toEqual([]);
  });
});
