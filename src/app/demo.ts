import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Company, TenantContext } from "../domain/entities.ts";
import {
  demoFixture,
  type RunningSimulator,
  type SimulatorOptions,
  simulatorLatencyFromEnv,
  startSimulator,
} from "../simulator/index.ts";
import type { Config } from "./config.ts";
import { type Container, type ContainerOptions, createContainer } from "./container.ts";
import { demoAdminEmail, demoCompanies, demoCompanyAdminEmail } from "./demo-data.ts";
import { prepareDatabase, type RunningServer, startServer } from "./lifecycle.ts";

export interface DemoLogin {
  email: string;
  companyAdminEmail: string;
  password: string;
}

export interface RunningDemo {
  server: RunningServer;
  simulator: RunningSimulator;
  login: DemoLogin;
  companies: Company[];
  syncs: { company: string; status: string; summary: string }[];
  /** The Retell key made for this run when RETELL_API_KEY is not set (printed once), else null. */
  generatedRetellApiKey: string | null;
  close(): Promise<void>;
}

/**
 * `frontdesk demo`: the built-in Cal.com simulator, two demo companies wired to it, an initial
 * team sync and the server. Seeding is idempotent, so a restart keeps the data and adds nothing;
 * only the simulator's (new) address is written to the companies again.
 */
export async function startDemo(
  config: Config,
  options: {
    port?: number;
    simulatorPort?: number;
    simulator?: Omit<SimulatorOptions, "webhooks">;
    container?: ContainerOptions;
  } = {},
): Promise<RunningDemo> {
  // The demo shows Cal.com as slow as it really is unless CALCOM_SIM_LATENCY=zero says otherwise.
  const simulator = await startSimulator(demoFixture(), {
    ...options.simulator,
    latency: options.simulator?.latency ?? simulatorLatencyFromEnv(process.env, "realistic"),
    port: options.simulatorPort ?? 0,
  });
  // Without a key every Retell webhook would be refused: the demo makes one for this run.
  const generatedRetellApiKey = config.retellApiKey
    ? null
    : `key_demo_${randomBytes(18).toString("base64url")}`;
  // The companies are connected to the simulator on this machine's loopback address.
  const container = createContainer(
    {
      ...config,
      calcomAllowLoopback: true,
      retellApiKey: generatedRetellApiKey ?? config.retellApiKey,
    },
    options.container,
  );
  try {
    await prepareDatabase(container, "auto");
    const server = await startServer(container, { port: options.port });
    const seeded = await seedDemo(container, simulator, server.url);
    return {
      server,
      simulator,
      ...seeded,
      generatedRetellApiKey,
      async close() {
        await server.close();
        await simulator.close();
      },
    };
  } catch (error) {
    await container.close();
    await simulator.close();
    throw error;
  }
}

/**
 * The demo data on a migrated database: both companies connected to `simulator`, whose webhooks
 * go to `serverUrl`; staff, phone numbers, a first team sync, services, host matching and the two
 * logins. Idempotent. The benchmark seeds this way for a server running in another process.
 */
export async function seedDemo(
  container: Container,
  simulator: Pick<RunningSimulator, "url" | "setWebhook">,
  serverUrl: string,
): Promise<Pick<RunningDemo, "login" | "companies" | "syncs">> {
  const { useCases, config } = container;
  const actor = { type: "cli" } as const;
  const login = demoLogin(config.dataDir);

  const companies: Company[] = [];
  for (const demo of demoCompanies) {
    let company = await container.store.companies.findBySlug(demo.company.slug);
    company ??= await useCases.company.createCompany(actor, {
      ...demo.company,
      calcomWebhookSecret: randomBytes(24).toString("base64url"),
    });
    company = await useCases.company.updateCompanySettings(
      { company, actor },
      {
        calcomBaseUrl: simulator.url,
        calcomTeamId: demo.company.calcomTeamId,
        calcomApiKey: demo.company.calcomApiKey,
      },
    );
    companies.push(company);
  }

  const syncs: RunningDemo["syncs"] = [];
  for (const [i, company] of companies.entries()) {
    const demo = demoCompanies[i]!;
    const ctx: TenantContext = { company, actor };
    simulator.setWebhook(company.calcom.teamId!, {
      url: `${serverUrl}/webhooks/calcom/${company.slug}`,
      secret: company.calcom.webhookSecret?.reveal() ?? null,
    });
    await useCases.staff.importStaff(ctx, { text: demo.staffCsv, format: "csv" });
    await useCases.company.addPhoneNumber(ctx, { number: demo.phoneNumber });
    const sync = await useCases.sync.syncTeam(ctx, { trigger: "cli" });
    syncs.push({
      company: company.name,
      status: sync.status,
      summary:
        sync.status === "succeeded"
          ? `${sync.changes.eventTypes} event types, ${sync.changes.hosts} hosts, ${sync.changes.members} members`
          : sync.status === "failed"
            ? sync.error
            : sync.reason,
    });
    const existing = new Map(
      (await container.store.services.list(company.id)).map((s) => [s.name, s]),
    );
    for (const service of demo.services) {
      if (!existing.has(service.name)) await useCases.service.createService(ctx, service);
    }
    // First host matching, so the console opens with mappings and suggestions to review.
    await useCases.sync.syncServiceHosts(ctx, { trigger: "cli", fetch: false });
  }

  if (!(await container.store.users.findByEmail(demoAdminEmail))) {
    await useCases.auth.createUser({
      email: demoAdminEmail,
      password: login.password,
      role: "platform_admin",
    });
  }
  if (!(await container.store.users.findByEmail(demoCompanyAdminEmail))) {
    await useCases.auth.createUser({
      email: demoCompanyAdminEmail,
      password: login.password,
      role: "company_admin",
      companySlug: demoCompanies[0]!.company.slug,
    });
  }
  return { login, companies, syncs };
}

/** The demo password is generated once per data folder and kept there (mode 0600). */
function demoLogin(dataDir: string): DemoLogin {
  const file = join(dataDir, "demo-login.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DemoLogin;
  mkdirSync(dataDir, { recursive: true });
  const login = {
    email: demoAdminEmail,
    companyAdminEmail: demoCompanyAdminEmail,
    password: randomBytes(9).toString("base64url"),
  };
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  return login;
}

export function describeDemo(demo: RunningDemo, config: Config): string {
  return [
    "",
    "Frontdesk demo is running",
    "",
    `  Server             ${demo.server.url}   (GET /healthz, GET /metrics)`,
    `  Admin console      ${demo.server.url}/admin`,
    `  Cal.com simulator  ${demo.simulator.url}   (Cal.com API v2: /v2/teams/1001/event-types …)`,
    `  Database           ${config.databaseUrl}`,
    `  Admin login        ${demo.login.email} / ${demo.login.password}   (platform admin)`,
    `                     ${demo.login.companyAdminEmail} / ${demo.login.password}   (Salon Beispiel only)`,
    ...(demo.generatedRetellApiKey
      ? [
          `  Retell API key     ${demo.generatedRetellApiKey}   (made for this run: Retell webhooks are signed with it; set RETELL_API_KEY to keep one)`,
        ]
      : []),
    "",
    "  Team sync:",
    ...demo.syncs.map(
      (s) => `    ${s.status === "succeeded" ? "✓" : "✗"} ${s.company}: ${s.summary}`,
    ),
    "",
    "  Try:  npx frontdesk company list",
    "        npx frontdesk sync-teams --company salon-beispiel",
    "",
    "Press Ctrl+C to stop.",
    "",
  ].join("\n");
}

export async function runDemoUntilSignal(
  config: Config,
  options: { port?: number },
  print: (s: string) => void,
) {
  const demo = await startDemo(config, options);
  print(describeDemo(demo, config));
  await new Promise<void>((resolve) => {
    const stop = () => demo.close().then(resolve);
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
