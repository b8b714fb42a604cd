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
const htmx = { "hx-request": "true", "accept-language": "en" };

describe.each(testEngines())("the settings page's Cal.com form on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let base: string;
  const requests = () => h.calcom.state.sim.requests.length;
  const saved = async () => (await h.store.companies.findById(h.salon.id))!.calcom;
  const form = (values: Record<string, string>) => ({
    calcomBaseUrl: "http://calcom.test",
    calcomTeamId: "1001",
    calcomApiKey: "",
    ...values,
  });

  beforeAll(async () => {
    h = await buildConsole(engine);
    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
    base = `/admin/companies/${h.salon.id}`;
    await owner.page(`${base}/settings`);
  });
  afterAll(() => h.close());

  it("tests the values typed in the form without saving them, never showing a key", async () => {
    const wrong = await owner.post(
      `${base}/settings/test`,
      form({ calcomApiKey: "cal_typed_wrong_key" }),
      htmx,
    );
    expect(wrong.status).toBe(200);
    // Said in the user's words; Cal.com's own message only as the detail beneath.
    expect(wrong.html).toContain("Cal.com refused the API key.");
    expect(wrong.html).toContain("<summary>Cal.com&#39;s message</summary>");
    expect(wrong.html).not.toContain("cal_typed_wrong_key");
    // The saved key still works: an empty key field tests it.
    expect((await saved()).apiKey?.reveal()).toBe("cal_test_salon_beispiel");
    const stored = await owner.post(`${base}/settings/test`, form({}), htmx);
    expect(stored.html).toContain("Connected: the team has 4 event types and 5 members.");
    expect(stored.html).not.toContain("cal_test_salon_beispiel");

    // Another team and key typed: tested as typed, nothing saved.
    const other = await owner.post(
      `${base}/settings/test`,
      form({ calcomTeamId: "1002", calcomApiKey: "cal_test_bright_smiles" }),
      en,
    );
    expect(other.status).toBe(200);
    expect(other.html).toContain("Connected: the team has 2 event types and 3 members.");
    expect(other.html).not.toContain("cal_test_bright_smiles");
    expect(await saved()).toMatchObject({ baseUrl: "http://calcom.test", teamId: 1001 });
    expect((await saved()).apiKey?.reveal()).toBe("cal_test_salon_beispiel");

    const noTeam = await owner.post(`${base}/settings/test`, form({ calcomTeamId: "" }), htmx);
    expect(noTeam.html).toContain("Set the team id first.");
  });

  it("refuses a base URL outside the allow-list before any request", async () => {
    const before = requests();
    const refused = await owner.post(
      `${base}/settings/test`,
      form({ calcomBaseUrl: "https://attacker.example", calcomApiKey: "cal_typed_key_123" }),
      htmx,
    );
    expect(refused.status).toBe(200);
    expect(refused.html).toContain('id="test-result"');
    expect(refused.html).toContain("Cal.com region: not an allowed Cal.com address");
    expect(refused.html).not.toContain("cal_typed_key_123");
    // The saved key is not sent there either.
    const page = await owner.post(
      `${base}/settings/test`,
      form({ calcomBaseUrl: "http://169.254.169.254" }),
      en,
    );
    expect(page.status).toBe(422);
    expect(page.html).toContain("Cal.com region: not an allowed Cal.com address");
    const badTeam = await owner.post(`${base}/settings/test`, form({ calcomTeamId: "-3" }), htmx);
    expect(badTeam.html).toContain("Team id: more than 0");
    expect(requests() - before).toBe(0);
  });

  it("warns after saving a team another company uses, without saying which", async () => {
    const save = await owner.post(`${base}/settings/calcom`, form({ calcomTeamId: "1002" }));
    expect(save.status).toBe(303);
    const location = save.res.headers.get("location")!;
    expect(location).toBe(`${base}/settings?saved=calcom&warning=team-shared#settings-calcom`);
    expect((await saved()).teamId).toBe(1002);
    for (const [headers, text] of [
      [en, "Another company is already connected to this Cal.com team"],
      [
        { "accept-language": "de" },
        "Mit diesem Cal.com-Team ist bereits eine andere Firma verbunden",
      ],
    ] as const) {
      const shown = await owner.page(location.replace(/#.*/, ""), headers);
      expect(shown.html).toContain(text);
      expect(shown.html).not.toContain(h.bright.name);
      expect(shown.html).not.toContain(h.bright.slug);
    }

    const back = await owner.post(`${base}/settings/calcom`, form({}));
    expect(back.res.headers.get("location")).toBe(`${base}/settings?saved=calcom#settings-calcom`);
    expect((await owner.page(`${base}/settings?saved=calcom`, en)).html).not.toContain(
      "Another company",
    );
  });
});
