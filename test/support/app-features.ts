import { demoCompanies } from "../../src/app/demo-data.ts";
import { createCalcomBookingGateway } from "../../src/calcom/booking-gateway.ts";
import { createCalcomBookingLister } from "../../src/calcom/booking-lister.ts";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import type { Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createFeatures, type FeatureDeps } from "../../src/features/index.ts";
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createSlotCache } from "../../src/platform/slot-cache.ts";
import {
  createSimulator,
  type Simulator,
  type SimulatorFixture,
  type SimulatorOptions,
} from "../../src/simulator/index.ts";
import { companyInput, storeFor } from "./fixtures.ts";

/** Cal.com as the client sees it: the simulator `state.sim` (swappable), behind any base URL. */
export function simulatedCalcom(fixture: SimulatorFixture, options: SimulatorOptions = {}) {
  const state: { sim: Simulator } = { sim: createSimulator(fixture, options) };
  const fetch: typeof globalThis.fetch = (input, init) =>
    Promise.resolve(state.sim.app.request(input instanceof Request ? input : String(input), init));
  return { state, fetch };
}

/** The real use-case catalogue over a test database and the simulator (no retry waits). */
export function featuresFor(
  database: Pick<Database, "db" | "engine">,
  calcomFetch: typeof fetch,
  clock: Clock = systemClock,
  extra: Partial<
    Pick<
      FeatureDeps,
      | "slotCache"
      | "slotPrefetch"
      | "voiceMetrics"
      | "calcomBookings"
      | "logger"
      | "bookingSettleIntervalMs"
      | "calcomBaseUrls"
    >
  > = {},
) {
  const store = storeFor(database);
  const features = createFeatures({
    store,
    hashPassword: async (p) => `test:${p}`,
    calcom: createCalcomTeamReader({ fetch: calcomFetch, sleep: async () => {} }),
    calcomBookings: createCalcomBookingGateway({ fetch: calcomFetch }),
    calcomBookingLister: createCalcomBookingLister({ fetch: calcomFetch, sleep: async () => {} }),
    slotCache: createSlotCache(),
    clock,
    newId,
    // The simulator stands behind these names (and on 127.0.0.1 in the CLI and server tests).
    calcomBaseUrls: {
      allowed: [
        "https://api.cal.com",
        "https://api.cal.eu",
        "http://calcom.test",
        "http://big.test",
      ],
      allowLoopback: true,
    },
    ...extra,
  });
  return { store, features };
}

/**
 * The two demo tenants as most integration tests need them: "salon" (German, team 1001) and
 * "bright" (English, team 1002), connected to the simulator behind http://calcom.test, with
 * staff, a first host matching, services, phone numbers, webhook secrets `<slug>-webhook-secret`,
 * and Sophie's suggestion accepted so every Haarschnitt host is mapped.
 */
export async function seedDemoTenants(app: ReturnType<typeof featuresFor>) {
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
    await app.features.importStaff(ctx, { text: demo.staffCsv, format: "csv" });
    await app.features.syncServiceHosts(ctx, { trigger: "cli" });
    for (const s of demo.services) await app.features.createService(ctx, s);
    await app.features.addPhoneNumber(ctx, { number: demo.phoneNumber });
    tenants.push(company);
  }
  const [salon, bright] = tenants as [Company, Company];
  await app.features.changeHostMapping(
    { company: salon, actor: { type: "cli" } },
    { verb: "accept", calcomUserId: 503 },
  );
  return { salon, bright };
}
