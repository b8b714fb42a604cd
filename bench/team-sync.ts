import { loadConfig } from "../src/app/config.ts";
import { createContainer } from "../src/app/container.ts";
import { defaultThresholds } from "../src/domain/entities.ts";
import { Secret } from "../src/domain/secret.ts";
import { createLogger } from "../src/platform/logger.ts";
import { generateFixture, startSimulator } from "../src/simulator/index.ts";
import type { BenchResult } from "./results-file.ts";

const companies = 1000;

/**
 * Full team sync of 1,000 companies × 20 event types × 15 hosts (+ memberships) against the
 * simulator over real HTTP, 8 companies at a time, into a fresh database.
 */
export async function benchTeamSync(databaseUrl: string): Promise<BenchResult[]> {
  const fixture = generateFixture({
    teams: companies,
    eventTypesPerTeam: 20,
    hostsPerEventType: 15,
    membersPerTeam: 40,
  });
  const sim = await startSimulator(fixture, { rateLimitPerMinute: 1_000_000 });
  const container = createContainer(
    loadConfig({ DATABASE_URL: databaseUrl, FRONTDESK_SECRET: "bench" }),
    {
      logger: createLogger({ level: "silent" }),
    },
  );
  try {
    await container.migrate();
    const created = [];
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
    sim.requests.length = 0;
    const queue = [...created];
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let company = queue.shift(); company; company = queue.shift()) {
          const result = await container.useCases.sync.syncTeam(
            { company, actor: { type: "cli" } },
            { trigger: "cli" },
          );
          if (result.status !== "succeeded") failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (failed > 0) throw new Error(`${failed} team syncs failed`);
    return [
      {
        name: "team_sync.seconds_1000_companies",
        value: round(seconds),
        unit: "s",
        target: "<= 60",
        note: "20 event types × 15 hosts, 40 members each; 8 at a time",
      },
      {
        name: "team_sync.calcom_requests_per_company",
        value: sim.requests.length / companies,
        unit: "count",
        target: "== 2",
      },
    ];
  } finally {
    await container.close();
    await sim.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
