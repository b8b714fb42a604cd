import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Company, TenantContext } from "../domain/entities.ts";
import type { DemoTeams } from "../domain/ports/demo-teams.ts";
import { createRetellApiClient } from "../retell/api-client.ts";
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
  /** The server's catalogue: connectDemoTeam makes teams on this simulator. */
  useCases: Container["useCases"];
  login: DemoLogin;
  companies: Company[];
  syncs: { company: string; status: string; summary: string }[];
  /** The Retell key made for this run when RETELL_API_KEY is not set (printed once), else null. */
  generatedRetellApiKey: string | null;
  close(): Promise<void>;
}

/** The simulator's port: CALCOM_SIM_PORT, else the one after the server's (a free one for 0). */
export function demoSimulatorPort(config: Config, serverPort: number): number {
  if (config.calcomSimPort !== undefined) return config.calcomSimPort;
  return serverPort > 0 && serverPort < 65535 ? serverPort + 1 : 0;
}

/**
 * `frontdesk demo`: the built-in Cal.com simulator, two demo companies wired to it, an initial
 * team sync and the server. Seeding is idempotent, so a restart keeps the data and adds nothing.
 * The simulator listens on a fixed port (demoSimulatorPort), and the teams made for new
 * companies (connectDemoTeam) are kept in `<dataDir>/simulator-teams.json`, so companies wired
 * to it keep working after a restart.
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
  const simulatorPort =
    options.simulatorPort ?? demoSimulatorPort(config, options.port ?? config.port);
  const simulator = await startSimulator(demoFixture(), {
    teamsFile: join(config.dataDir, "simulator-teams.json"),
    ...options.simulator,
    // Cal.com as slow as it really is unless CALCOM_SIM_LATENCY=zero says otherwise.
    latency: options.simulator?.latency ?? simulatorLatencyFromEnv(process.env, "realistic"),
    port: simulatorPort,
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    throw new Error(
      `the Cal.com simulator's port ${simulatorPort} is in use: set CALCOM_SIM_PORT to another one (0 for any free port)`,
    );
  });
  let serverUrl: string | null = null;
  const demoTeams: DemoTeams = {
    serverUrl: () => {
      if (serverUrl === null) throw new Error("the demo server is not listening yet");
      return serverUrl;
    },
    async create(request) {
      const team = simulator.createTeam({
        template: "salon",
        name: request.companyName,
        slug: request.companySlug,
      });
      // No webhook yet: one is installed on each event type once a service is linked to it.
      return { baseUrl: simulator.url, teamId: team.teamId, apiKey: team.apiKey };
    },
  };
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
    {
      demoTeams,
      // A generated key only signs the demo's own webhooks: Retell's API would refuse it.
      ...(generatedRetellApiKey ? { retell: createRetellApiClient({ apiKey: undefined }) } : {}),
      ...options.container,
    },
  );
  try {
    await prepareDatabase(container, "auto");
    const server = await startServer(container, { port: options.port });
    serverUrl = server.url;
    const seeded = await seedDemo(container, simulator, server.url);
    await reconnectCreatedTeams(container, simulator, server.url);
    return {
      server,
      simulator,
      useCases: container.useCases,
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
  simulator: Pick<RunningSimulator, "url">,
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
    // Bookings reach us as they do from Cal.com: through a webhook on each linked event type.
    await installDemoWebhooks(container, ctx, serverUrl);
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

/**
 * The companies wired to a team made at an earlier run (same team id and key) point at this
 * simulator again; their webhooks (kept in the teams file) are pointed at this server.
 */
async function reconnectCreatedTeams(
  container: Container,
  simulator: Pick<RunningSimulator, "url" | "createdTeams">,
  serverUrl: string,
): Promise<void> {
  const created = simulator.createdTeams();
  if (created.length === 0) return;
  const actor = { type: "cli" } as const;
  for (let company of await container.store.companies.list()) {
    const { teamId, apiKey } = company.calcom;
    const mine = created.find((t) => t.team.id === teamId && t.apiKey === apiKey?.reveal());
    if (!mine) continue;
    if (company.calcom.baseUrl !== simulator.url) {
      company = await container.useCases.company.updateCompanySettings(
        { company, actor },
        { calcomBaseUrl: simulator.url },
      );
    }
    // The team file kept its webhooks; their address moves with the server's port.
    await installDemoWebhooks(container, { company, actor }, serverUrl);
  }
}

async function installDemoWebhooks(
  container: Container,
  ctx: TenantContext,
  serverUrl: string,
): Promise<void> {
  const result = await container.useCases.company.installCalcomWebhooks(ctx, {
    onlyMissing: true,
    publicUrl: serverUrl,
  });
  if (result.counts.failed > 0)
    throw new Error(`the demo could not install its Cal.com webhooks for ${ctx.company.name}`);
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
  const createdTeams = demo.simulator.createdTeams().length;
  return [
    "",
    "Frontdesk demo is running",
    "",
    `  Server             ${demo.server.url}   (GET /healthz, GET /metrics)`,
    `  Admin console      ${demo.server.url}/admin`,
    `  Cal.com simulator  ${demo.simulator.url}   (Cal.com API v2: /v2/teams/1001/event-types …; CALCOM_SIM_PORT)`,
    ...(createdTeams > 0
      ? [
          `                     ${createdTeams} team(s) made for new companies, kept in ${join(config.dataDir, "simulator-teams.json")}`,
        ]
      : []),
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
