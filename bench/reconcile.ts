import { DateTime } from "luxon";
import { loadConfig } from "../src/app/config.ts";
import { createContainer } from "../src/app/container.ts";
import { type Company, defaultThresholds } from "../src/domain/entities.ts";
import { Secret } from "../src/domain/secret.ts";
import { reconcileMaxParallel } from "../src/jobs/scheduler.ts";
import { createLogger } from "../src/platform/logger.ts";
import { generateFixture, startSimulator } from "../src/simulator/index.ts";
import type { BenchResult } from "./results-file.ts";

const companies = 1000;
/** New bookings per company that reached us by no webhook. */
const changedPerCompany = 3;
/** Companies reconciled at once, as the scheduler does. */
const parallel = reconcileMaxParallel;

/**
 * Reconciliation of 1,000 companies, each under its own API key, against the simulator over
 * real HTTP with its `realistic` latency (reads: median 250 ms, p95 800 ms) and Cal.com's rate
 * limit per key: first a run that finds three bookings per company made without a webhook,
 * then a quiet run right after, which must cost one request per company.
 */
export async function benchReconcile(databaseUrl: string): Promise<BenchResult[]> {
  const fixture = generateFixture({
    teams: companies,
    eventTypesPerTeam: 2,
    hostsPerEventType: 3,
    membersPerTeam: 3,
  });
  // Set-up at zero latency; the measured runs at the realistic profile.
  const sim = await startSimulator(fixture, { latency: "zero" });
  const container = createContainer(
    loadConfig({ DATABASE_URL: databaseUrl, FRONTDESK_SECRET: "bench" }),
    { logger: createLogger({ level: "silent" }) },
  );
  try {
    await container.migrate();
    const created: Company[] = [];
    for (const team of fixture.teams) {
      created.push(
        await container.store.companies.create({
          name: team.name,
          slug: `bench-${team.id}`,
          timezone: "Europe/Berlin",
          locale: "de",
          country: "DE",
          calcomBaseUrl: sim.url,
          calcomTeamId: team.id,
          calcomApiKey: new Secret(`cal_test_team_${team.id}`),
          calcomWebhookSecret: null,
          thresholds: defaultThresholds,
        }),
      );
    }
    await inTurn(created, 8, async (company) => {
      const sync = await container.useCases.sync.syncTeam(
        { company, actor: { type: "cli" } },
        { trigger: "cli" },
      );
      if (sync.status !== "succeeded") throw new Error(`team sync of ${company.slug} failed`);
    });
    // A first run sets every company's cursor; then bookings Cal.com sent no webhook for.
    await reconcileAll(container, created);
    const monday = DateTime.now()
      .setZone("Europe/Berlin")
      .plus({ weeks: 1 })
      .startOf("week")
      .set({ hour: 10 });
    for (const team of fixture.teams) {
      const eventType = team.eventTypes[0]!;
      for (let i = 0; i < changedPerCompany; i++) {
        sim.control.publicBooking({
          eventTypeId: eventType.id,
          start: monday
            .plus({ minutes: i * eventType.lengthInMinutes })
            .toUTC()
            .toISO()!,
          attendee: { name: `Gast ${i}`, email: `gast${i}@team${team.id}.example` },
          webhook: false,
        });
      }
    }

    sim.setLatency("realistic");
    sim.requests.length = 0;
    const started = performance.now();
    const changed = await reconcileAll(container, created);
    const seconds = (performance.now() - started) / 1000;
    const createdTotal = changed.reduce((n, r) => n + r.created, 0);
    if (createdTotal !== companies * changedPerCompany) {
      throw new Error(
        `expected ${companies * changedPerCompany} appointments, got ${createdTotal}`,
      );
    }
    const changedRequests = sim.requests.length;

    sim.requests.length = 0;
    const quiet = await reconcileAll(container, created);
    if (quiet.some((r) => r.created + r.updated + r.cancelled > 0)) {
      throw new Error("a reconciliation right after another changed something");
    }
    return [
      {
        name: "reconcile.seconds_1000_companies",
        value: round(seconds),
        unit: "s",
        target: "<= 30",
        note: `${changedPerCompany} bookings per company made without a webhook; simulator latency realistic; ${parallel} companies at a time, each under its own API key (${changedRequests / companies} request per company)`,
      },
      {
        name: "reconcile.calcom_requests_per_company_quiet",
        value: sim.requests.length / companies,
        unit: "count",
        target: "= 1",
        note: "a run right after another: one GET /v2/bookings per company, nothing changed",
      },
    ];
  } finally {
    await container.close();
    await sim.close();
  }
}

async function reconcileAll(container: ReturnType<typeof createContainer>, all: Company[]) {
  return inTurn(all, parallel, async (company) => {
    const run = await container.useCases.appointments.reconcileBookings(
      { company, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    if (run.status !== "succeeded") throw new Error(`${company.slug}: ${run.error}`);
    return run;
  });
}

async function inTurn<T, R>(items: T[], n: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
    }),
  );
  return results;
}

const round = (n: number) => Math.round(n * 100) / 100;
