import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { describeDemo, type RunningDemo, startDemo } from "../../src/app/demo.ts";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import { AppError } from "../../src/domain/errors.ts";
import { demoFixture } from "../../src/simulator/index.ts";
import { assembleForTest, simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, freshDatabaseUrl, testEngines } from "../support/database.ts";

/** Whether something can listen on this port of 127.0.0.1 right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** A free port whose next one is free too: the server's and, by default, the simulator's. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error("no two free neighbouring ports");
}

const actor = { type: "cli" } as const;
// Tuesday 2 March 2027, 08:00 in Berlin, for the server and the simulator alike.
const now = new Date("2027-03-02T07:00:00.000Z");

/** A booking on the simulator's public page, and whether its webhook reached our server. */
async function bookAndHear(
  demo: RunningDemo,
  ctx: TenantContext,
  eventTypeId: number,
  start: string,
) {
  const booking = demo.simulator.control.publicBooking({
    eventTypeId,
    start,
    attendee: { name: "Erika Muster", email: `erika.${start.slice(0, 13)}@example.com` },
  });
  await demo.simulator.flushWebhooks();
  const delivery = demo.simulator.webhookDeliveries.find((d) =>
    d.body.includes(`"uid":"${booking.uid}"`),
  );
  const appointments = await demo.useCases.appointments.listAppointments(ctx);
  return {
    delivery,
    appointment: appointments.find((a) => a.bookingUid === booking.uid),
  };
}

describe.each(testEngines())("the demo onboards a new business on %s", (engine) => {
  it("makes a simulator team for a new company that keeps working after a restart", async () => {
    const database = await freshDatabaseUrl(engine);
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-onboarding-"));
    const port = await freePortPair();
    const config = loadConfig({
      DATABASE_URL: database.url,
      FRONTDESK_DATA_DIR: dir,
      PORT: String(port),
      RETELL_API_KEY: "key_demo_onboarding",
      LOG_LEVEL: "silent",
    });
    const options = {
      simulator: { now: () => now, latency: "zero" as const },
      container: { clock: { now: () => now } },
    };
    let company: Company;
    let haarschnitt: number;
    try {
      const first = await startDemo(config, options);
      try {
        expect(first.server.url).toBe(`http://127.0.0.1:${port}`);
        // PORT+1 by default: a fixed address the company's base URL can keep.
        expect(first.simulator.url).toBe(`http://127.0.0.1:${port + 1}`);
        expect(first.useCases.company.demoTeamsAvailable).toBe(true);

        const created = await first.useCases.company.createCompany(actor, {
          name: "Salon Sonne",
          slug: "salon-sonne",
        });
        expect(created.calcom.webhookSecret).toBeNull();
        company = await first.useCases.company.connectDemoTeam({ company: created, actor });
        expect(company.calcom).toMatchObject({ baseUrl: first.simulator.url });
        expect(company.calcom.teamId).toBe(first.simulator.createdTeams()[0]!.team.id);
        expect(company.calcom.apiKey?.reveal()).toBe(first.simulator.createdTeams()[0]!.apiKey);
        expect(company.calcom.webhookSecret).not.toBeNull();
        const ctx = { company, actor };
        // A second click must not make a second team.
        await expect(first.useCases.company.connectDemoTeam(ctx)).rejects.toMatchObject({
          code: "conflict",
        });

        const sync = await first.useCases.sync.syncTeam(ctx, { trigger: "cli" });
        expect(sync).toMatchObject({
          status: "succeeded",
          changes: { eventTypes: 3, members: 4 },
        });
        const eventTypes = await first.useCases.sync.listEventTypes(ctx);
        expect(eventTypes.map((e) => e.title).sort()).toEqual([
          "Beratung",
          "Färben",
          "Haarschnitt",
        ]);
        haarschnitt = eventTypes.find((e) => e.title === "Haarschnitt")!.id;
        const service = await first.useCases.service.createServiceFromEventType(ctx, haarschnitt);
        expect(service).toMatchObject({ name: "Haarschnitt", durationMinutes: 30 });

        const heard = await bookAndHear(first, ctx, haarschnitt, "2027-03-03T09:00:00.000Z");
        expect(heard.delivery).toMatchObject({
          url: `${first.server.url}/webhooks/calcom/salon-sonne`,
          status: 200,
        });
        expect(heard.appointment).toMatchObject({ serviceName: "Haarschnitt", status: "accepted" });
        expect(describeDemo(first, config)).toContain(join(dir, "simulator-teams.json"));
      } finally {
        await first.close();
      }

      const second = await startDemo(config, options);
      try {
        expect(second.simulator.url).toBe(`http://127.0.0.1:${port + 1}`);
        const again = await second.useCases.company.getCompany.bySlug("salon-sonne", {
          fresh: true,
        });
        expect(again.calcom).toMatchObject({
          baseUrl: second.simulator.url,
          teamId: company.calcom.teamId,
        });
        const ctx = { company: again, actor };
        const sync = await second.useCases.sync.syncTeam(ctx, { trigger: "cli" });
        expect(sync.status).toBe("succeeded");
        const heard = await bookAndHear(second, ctx, haarschnitt, "2027-03-04T10:00:00.000Z");
        expect(heard.delivery?.status).toBe(200);
        expect(heard.appointment).toMatchObject({ serviceName: "Haarschnitt" });
        // The demo's own companies are untouched by it.
        expect(second.syncs.every((s) => s.status === "succeeded")).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database.cleanup();
    }
  });
});

describe.each(testEngines())("connectDemoTeam outside the demo on %s", (engine) => {
  it("refuses clearly: teams are only made on the demo's simulator", async () => {
    const database = await createTestDatabase(engine);
    try {
      const { useCases } = assembleForTest(database, simulatedCalcom(demoFixture()).fetch);
      expect(useCases.company.demoTeamsAvailable).toBe(false);
      const company = await useCases.company.createCompany(actor, {
        name: "Salon Echt",
        slug: "salon-echt",
      });
      const refused = await useCases.company
        .connectDemoTeam({ company, actor })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({
        code: "unavailable",
        message: expect.stringMatching(/only be created on the demo's built-in simulator/),
      });
      const stored = await useCases.company.getCompany.bySlug("salon-echt", { fresh: true });
      expect(stored.calcom).toMatchObject({ teamId: null, webhookSecret: null });
    } finally {
      await database.drop();
    }
  });
});
