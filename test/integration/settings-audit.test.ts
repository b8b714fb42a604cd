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

describe.each(testEngines())("settings changes in the audit on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let base: string;
  const auditRows = (companyId: string) =>
    h.database.db
      .selectFrom("company_audit")
      .selectAll()
      .where("company_id", "=", companyId)
      .orderBy("created_at")
      .execute();
  const general = (name: string, timezone: string) => ({
    name,
    timezone,
    locale: "de",
    country: "DE",
  });

  beforeAll(async () => {
    h = await buildConsole(engine);
    base = `/admin/companies/${h.salon.id}`;
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    await owner.page(`${base}/settings`);
  });
  afterAll(() => h.close());

  it("records who changed which settings, never a value, and nothing for a save that changes nothing", async () => {
    const unchanged = await owner.post(
      `${base}/settings/general`,
      general(h.salon.name, h.salon.timezone),
    );
    expect(unchanged.status).toBe(303);
    expect(await auditRows(h.salon.id)).toEqual([]);

    const saved = await owner.post(
      `${base}/settings/general`,
      general("Salon Neu", "Europe/Vienna"),
    );
    expect(saved.status).toBe(303);
    const key = "cal_live_secret_key_value_123";
    await owner.post(`${base}/settings/calcom`, {
      calcomBaseUrl: h.salon.calcom.baseUrl,
      calcomTeamId: String(h.salon.calcom.teamId),
      calcomApiKey: key,
    });
    const rows = await auditRows(h.salon.id);
    expect(rows.map((r) => [r.action, r.fields, r.actor_type])).toEqual([
      ["settings_changed", "name,timezone", "user"],
      ["settings_changed", "calcomApiKey", "user"],
    ]);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(JSON.stringify(rows)).not.toContain("Salon Neu");
    // The other company's trail is untouched.
    expect(await auditRows(h.bright.id)).toEqual([]);
  });

  it("shows the changes on the audit page with the person's address and the fields' labels", async () => {
    const page = await owner.page(`${base}/audit`);
    expect(page.status).toBe(200);
    const table =
      /<table[^>]*id="settings-audit-table"[\s\S]*?<\/table>/.exec(page.html)?.[0] ?? "";
    expect(table).toContain("Changed: Name, Time zone");
    expect(table).toContain("Changed: API key");
    expect(table).toContain(logins.salon);
    const german = await owner.page(`${base}/audit`, { "accept-language": "de" });
    expect(german.html).toContain("Änderungen an den Einstellungen");
    expect(german.html).toContain("Geändert: Name, Zeitzone");
    // Another company's audit page is not found, and shows none of this company's changes.
    const other = await owner.page(`/admin/companies/${h.bright.id}/audit`);
    expect(other.status).toBe(404);
    expect(other.html).not.toContain("Changed: Name");
  });
});
