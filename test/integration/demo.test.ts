import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { describeDemo, startDemo } from "../../src/app/demo.ts";
import { createDatabase } from "../../src/db/connect.ts";
import { signRetellBody } from "../../src/retell/signature.ts";

async function counts(url: string) {
  const database = createDatabase(url);
  try {
    const count = async (
      table:
        | "company"
        | "staff"
        | "service"
        | "phone_number"
        | "app_user"
        | "calcom_event_type_host",
    ) =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      companies: await count("company"),
      staff: await count("staff"),
      services: await count("service"),
      phoneNumbers: await count("phone_number"),
      users: await count("app_user"),
      hosts: await count("calcom_event_type_host"),
    };
  } finally {
    await database.close();
  }
}

describe("frontdesk demo", () => {
  it("starts with zero setup, syncs the demo teams, and restarts without duplicating anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-"));
    const url = `sqlite:${join(dir, "frontdesk.db")}`;
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" });

    const first = await startDemo(config, { port: 0 });
    let firstPassword: string;
    let firstSimulatorUrl: string;
    try {
      expect(first.syncs).toEqual([
        {
          company: "Salon Beispiel",
          status: "succeeded",
          summary: "4 event types, 8 hosts, 5 members",
        },
        {
          company: "Bright Smiles Dental",
          status: "succeeded",
          summary: "2 event types, 4 hosts, 3 members",
        },
      ]);
      expect((await fetch(`${first.server.url}/healthz`)).status).toBe(200);
      const printed = describeDemo(first, config);
      expect(printed).toContain(first.server.url);
      expect(printed).toContain(first.simulator.url);
      expect(printed).toContain(`${first.server.url}/admin`);
      const login = await fetch(`${first.server.url}/admin/login`);
      expect(login.status).toBe(200);
      expect(printed).toContain(`admin@frontdesk.local / ${first.login.password}`);
      expect(first.companies.map((c) => [c.slug, c.locale, c.timezone, c.calcom.baseUrl])).toEqual([
        ["salon-beispiel", "de", "Europe/Berlin", first.simulator.url],
        ["bright-smiles", "en", "Europe/London", first.simulator.url],
      ]);
      expect(statSync(join(dir, "demo-login.json")).mode & 0o777).toBe(0o600);
      firstPassword = first.login.password;
      firstSimulatorUrl = first.simulator.url;
    } finally {
      await first.close();
    }
    const before = await counts(url);
    expect(before).toEqual({
      companies: 2,
      staff: 9,
      services: 7,
      phoneNumbers: 2,
      users: 2,
      hosts: 12,
    });

    const second = await startDemo(config, { port: 0 });
    try {
      expect(second.login.password).toBe(firstPassword);
      expect(second.syncs.every((s) => s.status === "succeeded")).toBe(true);
      expect(second.simulator.url).not.toBe(firstSimulatorUrl);
      expect(second.companies.every((c) => c.calcom.baseUrl === second.simulator.url)).toBe(true);
    } finally {
      await second.close();
    }
    expect(await counts(url)).toEqual(before);
  });

  it("makes a Retell key for a run without RETELL_API_KEY, shows it once, and answers webhooks signed with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-retell-"));
    const env = { DATABASE_URL: `sqlite:${join(dir, "frontdesk.db")}`, LOG_LEVEL: "silent" };
    const listServices = (server: string, key: string) => {
      const body = JSON.stringify({
        name: "list_services",
        call: { call_id: "call_demo_key", agent_id: "agent_demo", to_number: "+493012345670" },
        args: {},
      });
      return fetch(`${server}/webhooks/retell/functions`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-retell-signature": signRetellBody(body, key, Date.now()),
        },
      });
    };

    const generated = await startDemo(loadConfig(env), {
      port: 0,
      simulator: { latency: "zero" },
    });
    let firstKey: string;
    try {
      const key = generated.generatedRetellApiKey!;
      expect(key).toMatch(/^key_demo_[\w-]{24}$/);
      const printed = describeDemo(generated, loadConfig(env));
      expect(printed.split(key)).toHaveLength(2);
      expect(printed).toMatch(new RegExp(`Retell API key +${key}`));
      const answered = await listServices(generated.server.url, key);
      expect(answered.status).toBe(200);
      expect(((await answered.json()) as { ok: boolean }).ok).toBe(true);
      expect((await listServices(generated.server.url, "key_guessed")).status).toBe(401);
      firstKey = key;
    } finally {
      await generated.close();
    }

    // A key of one's own is used as it is and never printed; a new run without one gets a new key.
    const config = loadConfig({ ...env, RETELL_API_KEY: "key_of_my_own_123" });
    const own = await startDemo(config, { port: 0, simulator: { latency: "zero" } });
    try {
      expect(own.generatedRetellApiKey).toBeNull();
      expect(describeDemo(own, config)).not.toContain("key_of_my_own_123");
      expect(describeDemo(own, config)).not.toContain("Retell API key");
      expect((await listServices(own.server.url, "key_of_my_own_123")).status).toBe(200);
      expect((await listServices(own.server.url, firstKey)).status).toBe(401);
    } finally {
      await own.close();
    }
    const again = await startDemo(loadConfig(env), { port: 0, simulator: { latency: "zero" } });
    try {
      expect(again.generatedRetellApiKey).not.toBe(firstKey);
    } finally {
      await again.close();
    }
  });
});
