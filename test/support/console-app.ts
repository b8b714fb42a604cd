import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { demoCompanies } from "../../src/app/demo-data.ts";
import type { Engine } from "../../src/db/connect.ts";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import type { RetellAgentApi, RetellCalls } from "../../src/domain/ports/retell-api.ts";
import { Secret } from "../../src/domain/secret.ts";
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import type { Logger } from "../../src/platform/logger.ts";
import { createPasswordHasher } from "../../src/platform/password.ts";
import { demoFixture, generateFixture, type SimulatorFixture } from "../../src/simulator/index.ts";
import { consoleBase, createConsoleApp } from "../../src/web/app.tsx";
import { assembleForTest, simulatedCalcom } from "./app-features.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { companyInput } from "./fixtures.ts";

export const consolePassword = "console-test-password";
/** The scrypt cost of the test logins (production: OWASP's N = 2^17). */
export const testPasswordCost = { N: 2 ** 14, r: 8, p: 1 };
export const logins = {
  platform: "admin@frontdesk.local",
  salon: "inhaber@salon-beispiel.de",
  bright: "owner@brightsmiles.example",
};

/**
 * The console over a fresh database, assembled as `serve` does: the two demo companies synced
 * from the Cal.com simulator (no matching run yet: that is what "Sync now" does), and three logins.
 */
export async function buildConsole(
  engine: Engine,
  options: {
    onQuery?: (sql: string) => void;
    publicUrl?: string;
    /** The use-cases' clock (default: the system's). */
    clock?: Clock;
    /** Default: consoleFixture(); another one must keep the demo teams and team 1. */
    fixture?: SimulatorFixture;
    /** Wraps the password check (to count how many passwords are verified). */
    verifyPassword?: (
      verify: (password: string, hash: string) => Promise<boolean>,
    ) => (password: string, hash: string) => Promise<boolean>;
    /** Retell's API (default: no RETELL_API_KEY). */
    retell?: RetellCalls;
    /** Retell's configuration API (default: no RETELL_API_KEY). */
    retellAgentApi?: RetellAgentApi;
    /** The use-cases' logger (default: silent). */
    logger?: Logger;
  } = {},
) {
  // Logins in tests hash at scrypt's old cost (2^14): OWASP's 2^17 takes ~8× longer each time.
  const hasher = createPasswordHasher(testPasswordCost);
  const { hashPassword } = hasher;
  const verifyPassword = options.verifyPassword
    ? options.verifyPassword(hasher.verifyPassword)
    : hasher.verifyPassword;
  const database: TestDatabase = await createTestDatabase(engine, { onQuery: options.onQuery });
  const calcom = simulatedCalcom(options.fixture ?? consoleFixture());
  const backgroundErrors: unknown[] = [];
  const loggedErrors: unknown[] = [];
  const { store, useCases, changes } = assembleForTest(
    database,
    calcom.fetch,
    options.clock ?? systemClock,
    {
      passwords: { hash: hashPassword, verify: verifyPassword, needsRehash: hasher.needsRehash },
      onBackgroundError: (error) => backgroundErrors.push(error),
      retell: options.retell,
      retellAgentApi: options.retellAgentApi,
      publicUrl: options.publicUrl,
      logger: options.logger,
    },
  );
  const http = new Hono();
  http.route(
    consoleBase,
    createConsoleApp({
      useCases,
      publicUrl: options.publicUrl,
      retellTools: ({ publicUrl, locale }) => [
        {
          type: "custom",
          name: "check_availability",
          url: `${publicUrl}/webhooks/retell/functions`,
          locale,
        },
      ],
      logger: { error: (obj: unknown) => loggedErrors.push(obj), info: () => {} },
    }),
  );

  // Services are linked by an instance without a public URL, so no Cal.com webhook is installed
  // on the way (a linked service gets one at once otherwise): the tests that install say when.
  const seeding = assembleForTest(database, calcom.fetch, options.clock ?? systemClock).useCases;
  const companies: Company[] = [];
  for (const demo of demoCompanies) {
    const company = await store.companies.create(
      companyInput(demo.company.slug, {
        name: demo.company.name,
        timezone: demo.company.timezone!,
        locale: demo.company.locale!,
        country: demo.company.country!,
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: demo.company.calcomTeamId,
        calcomApiKey: new Secret(demo.company.calcomApiKey),
      }),
    );
    const ctx: TenantContext = { company, actor: { type: "cli" } };
    await useCases.staff.importStaff(ctx, { text: demo.staffCsv, format: "csv" });
    await useCases.company.addPhoneNumber(ctx, { number: demo.phoneNumber });
    await useCases.sync.syncTeam(ctx, { trigger: "cli" });
    for (const service of demo.services) await seeding.service.createService(ctx, service);
    companies.push(company);
  }
  const [salon, bright] = companies as [Company, Company];
  // A third tenant whose event types have 40 hosts each: the service page must not query more.
  const big = await store.companies.create(
    companyInput("big-team", {
      calcomBaseUrl: "http://calcom.test",
      calcomTeamId: 1,
      calcomApiKey: new Secret("cal_test_team_1"),
    }),
  );
  {
    const ctx: TenantContext = { company: big, actor: { type: "cli" } };
    const staff = Array.from(
      { length: 45 },
      (_, i) => `Member ${i + 1} of Team 1,member${i + 1}@team1.example,,true`,
    );
    await useCases.staff.importStaff(ctx, {
      text: ["name,email,phone,active", ...staff].join("\n"),
      format: "csv",
    });
    await useCases.sync.syncTeam(ctx, { trigger: "cli" });
    await useCases.service.createService(ctx, {
      name: "Big A",
      durationMinutes: 30,
      eventTypeId: 1,
    });
    await useCases.service.createService(ctx, {
      name: "Big B",
      durationMinutes: 30,
      eventTypeId: 2,
    });
  }
  const hash = await hashPassword(consolePassword);
  const users = {
    platform: await store.users.create({
      email: logins.platform,
      passwordHash: hash,
      role: "platform_admin",
      companyId: null,
    }),
    salon: await store.users.create({
      email: logins.salon,
      passwordHash: hash,
      role: "company_admin",
      companyId: salon.id,
    }),
    bright: await store.users.create({
      email: logins.bright,
      passwordHash: hash,
      role: "company_admin",
      companyId: bright.id,
    }),
  };
  return {
    database,
    store,
    useCases,
    /** The change feed the live pages hear (to see that a closed stream unsubscribed). */
    changes,
    http,
    calcom,
    salon,
    bright,
    big,
    users,
    backgroundErrors,
    loggedErrors,
    close: () => database.drop(),
  };
}

/** The demo teams plus a generated team 1 with 40 hosts per event type. */
export function consoleFixture(): SimulatorFixture {
  const demo = demoFixture();
  const generated = generateFixture({ teams: 1, eventTypesPerTeam: 2, hostsPerEventType: 40 });
  return {
    apiKeys: [...demo.apiKeys, ...generated.apiKeys],
    teams: [...demo.teams, ...generated.teams],
  };
}

export type ConsoleHarness = Awaited<ReturnType<typeof buildConsole>>;

/** The harness (or any app in its place) behind a real HTTP server on 127.0.0.1 and a free port
 * (browser tests). */
export async function serveConsole(harness: Pick<ConsoleHarness, "http">) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: harness.http.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
