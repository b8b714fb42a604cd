import { type AssembleOptions, assemble } from "../../src/app/container.ts";
import { demoCompanies } from "../../src/app/demo-data.ts";
import { createRateLimiterRegistry } from "../../src/calcom/rate-limiter.ts";
import type { Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import type { CalcomBookingGateway, SlotCache } from "../../src/domain/ports/calcom.ts";
import type { RetellAgentApi, RetellCalls } from "../../src/domain/ports/retell-api.ts";
import { Secret } from "../../src/domain/secret.ts";
import type { CalcomBaseUrlPolicy } from "../../src/features/company/company-schemas.ts";
import type { SlotPrefetchOptions } from "../../src/features/voice/prefetch-slots.ts";
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import type { Logger } from "../../src/platform/logger.ts";
import { createSecretBox } from "../../src/platform/secret-box.ts";
import {
  createSimulator,
  type Simulator,
  type SimulatorFixture,
  type SimulatorOptions,
} from "../../src/simulator/index.ts";
import { companyInput, testSecret } from "./fixtures.ts";

/** Cal.com as the client sees it: the simulator `state.sim` (swappable), behind any base URL. */
export function simulatedCalcom(fixture: SimulatorFixture, options: SimulatorOptions = {}) {
  const state: { sim: Simulator } = { sim: createSimulator(fixture, options) };
  const fetch: typeof globalThis.fetch = (input, init) =>
    Promise.resolve(state.sim.app.request(input instanceof Request ? input : String(input), init));
  return { state, fetch };
}

/** What a test may replace when it builds the application (the rest is as in production). */
export interface TestAppOverrides {
  slotCache?: SlotCache;
  slotPrefetch?: SlotPrefetchOptions;
  voiceMetrics?: AssembleOptions["voiceMetrics"];
  calcomBookings?: CalcomBookingGateway;
  logger?: Logger;
  bookingSettleIntervalMs?: number;
  calcomBaseUrls?: CalcomBaseUrlPolicy;
  passwords?: AssembleOptions["passwords"];
  onBackgroundError?: AssembleOptions["onBackgroundError"];
  retell?: RetellCalls;
  retellAgentApi?: RetellAgentApi;
  /** PUBLIC_URL as the use-cases see it (default: not set). */
  publicUrl?: string;
  /** The other instances over the same PostgreSQL database (default: none). */
  instances?: AssembleOptions["instances"];
  callDirectoryTtlMs?: number;
}

/**
 * The application as `serve` assembles it (app/container.ts `assemble`) over a test database
 * and the simulator, without waits between Cal.com retries.
 */
export function assembleForTest(
  database: Pick<Database, "db" | "engine">,
  calcomFetch: typeof fetch,
  clock: Clock = systemClock,
  overrides: TestAppOverrides = {},
) {
  return assemble({
    database,
    secretBox: createSecretBox(testSecret),
    clock,
    logger: overrides.logger,
    calcomFetch,
    calcomSleep: async () => {},
    // Each test's simulator is a Cal.com of its own: its keys start with a full budget.
    calcomRateLimiters: createRateLimiterRegistry(),
    calcom: overrides.calcomBookings ? { bookings: overrides.calcomBookings } : {},
    slotCache: overrides.slotCache,
    retell: overrides.retell,
    retellAgentApi: overrides.retellAgentApi,
    passwords: overrides.passwords ?? { hash: async (p) => `test:${p}`, verify: async () => false },
    onBackgroundError: overrides.onBackgroundError,
    voiceMetrics: overrides.voiceMetrics,
    instances: overrides.instances,
    callDirectoryTtlMs: overrides.callDirectoryTtlMs,
    settings: {
      slotPrefetch: overrides.slotPrefetch,
      bookingSettleIntervalMs: overrides.bookingSettleIntervalMs,
      publicUrl: overrides.publicUrl,
      // The simulator stands behind these names (and on 127.0.0.1 in the CLI and server tests).
      calcomBaseUrls: overrides.calcomBaseUrls ?? {
        allowed: [
          "https://api.cal.com",
          "https://api.cal.eu",
          "http://calcom.test",
          "http://big.test",
        ],
        allowLoopback: true,
      },
    },
  });
}

/**
 * The two demo tenants as most integration tests need them: "salon" (German, team 1001) and
 * "bright" (English, team 1002), connected to the simulator behind http://calcom.test, with
 * staff, a first host matching, services, phone numbers, webhook secrets `<slug>-webhook-secret`,
 * and Sophie's suggestion accepted so every Haarschnitt host is mapped.
 */
export async function seedDemoTenants(app: ReturnType<typeof assembleForTest>) {
  const tenants: Company[] = [];
  for (const [slug, demo] of [
    ["salon", demoCompanies[0]!],
    ["bright", demoCompanies[1]!],
  ] as const) {
    const company = await app.store.companies.create(
      companyInput(slug, {
        name: demo.company.name,
        timezone: demo.company.timezone!,
        locale: demo.company.locale!,
        country: demo.company.country!,
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: demo.company.calcomTeamId,
        calcomApiKey: new Secret(demo.company.calcomApiKey),
        calcomWebhookSecret: new Secret(`${slug}-webhook-secret`),
      }),
    );
    const ctx = { company, actor: { type: "cli" as const } };
    await app.useCases.staff.importStaff(ctx, { text: demo.staffCsv, format: "csv" });
    await app.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
    for (const s of demo.services) await app.useCases.service.createService(ctx, s);
    await app.useCases.company.addPhoneNumber(ctx, { number: demo.phoneNumber });
    tenants.push(company);
  }
  const [salon, bright] = tenants as [Company, Company];
  await app.useCases.mappings.changeHostMapping(
    { company: salon, actor: { type: "cli" } },
    { verb: "accept", calcomUserId: 503 },
  );
  return { salon, bright };
}
