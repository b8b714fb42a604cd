import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import {
  makeRunScheduledSync,
  type RunScheduledSyncDeps,
} from "../../src/features/sync/run-scheduled-sync.ts";
import { makeSyncTeam } from "../../src/features/sync/sync-team.ts";
import { fixedClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createLogger } from "../../src/platform/logger.ts";
import type { Notification } from "../../src/platform/notifier.ts";
import { createSimulator, demoFixture } from "../../src/simulator/index.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput, storeFor } from "../support/fixtures.ts";

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger({ destination }),
    messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg),
  };
}

describe.each(testEngines())("scheduled sync of one company on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;
  const sim = createSimulator(demoFixture());
  const reader = createCalcomTeamReader({
    fetch: (input, init) =>
      Promise.resolve(sim.app.request(input instanceof Request ? input : String(input), init)),
    sleep: async () => {},
  });
  // 03:00:05 in Berlin: the time every sync of this file starts and ends at.
  const clock = fixedClock("2025-01-15T02:00:05.000Z");
  let syncTeam: ReturnType<typeof makeSyncTeam>;
  let salon: Company;
  let bright: Company;
  let sent: Notification[];
  let log: ReturnType<typeof capturedLogger>;
  const ctx = (company: Company): TenantContext => ({ company, actor: { type: "scheduler" } });

  /** The team sync, reported the way the scheduled sync reads any sync. */
  const sync: RunScheduledSyncDeps["sync"] = async (c, input) => {
    const result = await syncTeam(c, input);
    return {
      status: result.status,
      error: result.status === "failed" ? result.error : null,
      runId: result.run?.id ?? null,
    };
  };

  const runScheduledSync = (overrides: Partial<RunScheduledSyncDeps> = {}) =>
    makeRunScheduledSync({
      sync,
      lastSuccess: async (companyId) =>
        (await store.syncRuns.lastFinished(companyId, "team", "succeeded"))?.finishedAt ?? null,
      notify: async (n) => {
        sent.push(n);
      },
      notifyEmailTo: "ops@frontdesk.test",
      notifyWebhookUrl: "https://ops.frontdesk.test/hooks/sync",
      consoleUrl: (companyId) => `https://frontdesk.test/admin/companies/${companyId}`,
      logger: log.logger,
      clock,
      ...overrides,
    });

  // Every run here starts at the same fixed time, so look runs up by id, not by order.
  const runById = async (company: Company, runId: string | null) =>
    (await store.syncRuns.list(company.id, 100)).find((r) => r.id === runId);

  const withWrongKey = (company: Company): Company => ({
    ...company,
    calcom: { ...company.calcom, apiKey: new Secret("cal_test_wrong") },
  });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database);
    syncTeam = makeSyncTeam({ store, calcom: reader, clock, newId });
    salon = await store.companies.create(
      companyInput("salon", {
        name: "Salon Beispiel",
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1001,
        calcomApiKey: new Secret("cal_test_salon_beispiel"),
      }),
    );
    salon = await store.companies.update(salon.id, {
      notifyEmail: "inhaber@salon-beispiel.test, OPS@frontdesk.test",
      notifyWebhookUrl: "https://ops.frontdesk.test/hooks/sync",
    });
    bright = await store.companies.create(
      companyInput("bright", {
        name: "Bright Smiles Dental",
        timezone: "Europe/London",
        locale: "en",
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1002,
        calcomApiKey: new Secret("cal_test_bright_smiles"),
      }),
    );
  });
  afterAll(() => database.drop());
  beforeEach(() => {
    sent = [];
    log = capturedLogger();
  });

  it("syncs with the trigger schedule and notifies nobody when the sync succeeds", async () => {
    const result = await runScheduledSync()(ctx(salon));
    expect(result).toMatchObject({ status: "succeeded", error: null, notified: false });
    expect(await runById(salon, result.runId)).toMatchObject({
      trigger: "schedule",
      status: "succeeded",
    });
    expect(sent).toEqual([]);
  });

  it("sends one notification in the company's language to its targets and the operator's", async () => {
    const result = await runScheduledSync()(ctx(withWrongKey(salon)));
    expect(result).toMatchObject({ status: "failed", notified: true });
    expect(result.error).toMatch(/Cal\.com rejected the API key/);
    expect(await runById(salon, result.runId)).toMatchObject({
      trigger: "schedule",
      status: "failed",
    });

    expect(sent).toHaveLength(1);
    const [n] = sent;
    // The operator's address and webhook are also the company's: each appears once.
    expect(n?.emailTo).toEqual(["inhaber@salon-beispiel.test", "OPS@frontdesk.test"]);
    expect(n?.webhookUrls).toEqual(["https://ops.frontdesk.test/hooks/sync"]);
    expect(n?.subject).toBe(
      "Frontdesk: Cal.com-Synchronisierung für Salon Beispiel fehlgeschlagen",
    );
    expect(n?.text).toContain("Die geplante Cal.com-Synchronisierung für Salon Beispiel");
    expect(n?.text).toContain(`Fehler: ${result.error}`);
    expect(n?.text).toContain(
      "Letzte erfolgreiche Synchronisierung: 15.01.2025, 03:00 (Europe/Berlin)",
    );
    expect(n?.text).toContain(`Konsole: https://frontdesk.test/admin/companies/${salon.id}`);
    expect(n?.json).toEqual({
      event: "sync_failed",
      status: "failed",
      company: { id: salon.id, name: "Salon Beispiel", slug: "salon" },
      error: result.error,
      runId: result.runId,
      lastSuccessAt: "2025-01-15T02:00:05.000Z",
      consoleUrl: `https://frontdesk.test/admin/companies/${salon.id}`,
      at: "2025-01-15T02:00:05.000Z",
    });
  });

  it("writes English for an English company and says when there was no success yet", async () => {
    sim.faults.inject({ kind: "500", times: 100 });
    try {
      const result = await runScheduledSync({ notifyEmailTo: null })(ctx(bright));
      expect(result.status).toBe("failed");
    } finally {
      sim.faults.clear();
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      emailTo: [],
      webhookUrls: ["https://ops.frontdesk.test/hooks/sync"],
      subject: "Frontdesk: Cal.com sync for Bright Smiles Dental failed",
      json: { lastSuccessAt: null, company: { slug: "bright" } },
    });
    expect(sent[0]?.text).toContain("Last successful sync: none yet");
  });

  it("reports a partial sync as incomplete", async () => {
    const result = await runScheduledSync({
      sync: async () => ({ status: "partial", error: "2 of 5 services failed", runId: "run-1" }),
    })(ctx(salon));
    expect(result).toEqual({
      status: "partial",
      error: "2 of 5 services failed",
      runId: "run-1",
      notified: true,
    });
    expect(sent[0]?.subject).toBe(
      "Frontdesk: Cal.com-Synchronisierung für Salon Beispiel unvollständig",
    );
    expect(sent[0]?.json).toMatchObject({ event: "sync_failed", status: "partial" });
  });

  it("treats a sync that throws as failed and still notifies", async () => {
    const noTeam = { ...salon, calcom: { ...salon.calcom, teamId: null } };
    const result = await runScheduledSync()(ctx(noTeam));
    expect(result).toMatchObject({ status: "failed", runId: null, notified: true });
    expect(result.error).toMatch(/has no Cal\.com team id/);
    expect(sent[0]?.text).toContain(result.error);
  });

  it("notifies nobody when another sync of the company holds the lock", async () => {
    expect(
      await store.locks.tryAcquire(
        salon.id,
        "team_sync",
        "other",
        "2025-01-15T02:00:00.000Z",
        "2025-01-15T02:15:00.000Z",
      ),
    ).toBe(true);
    try {
      const result = await runScheduledSync()(ctx(withWrongKey(salon)));
      expect(result).toMatchObject({ status: "skipped", notified: false });
    } finally {
      await store.locks.release(salon.id, "team_sync", "other");
    }
    expect(sent).toEqual([]);
  });

  it("logs a failure without any notification target", async () => {
    const result = await runScheduledSync({ notifyEmailTo: null, notifyWebhookUrl: null })(
      ctx(withWrongKey(bright)),
    );
    expect(result).toMatchObject({ status: "failed", notified: false });
    expect(sent).toEqual([]);
    expect(log.messages()).toContain("no notification target for a failed sync");
  });

  it("keeps the result when the notification itself fails", async () => {
    const before = (await store.syncRuns.list(salon.id, 100)).length;
    const result = await runScheduledSync({
      notify: async () => {
        throw new Error("mail system on fire");
      },
      lastSuccess: async () => {
        throw new Error("database hiccup");
      },
    })(ctx(withWrongKey(salon)));
    expect(result).toMatchObject({ status: "failed", notified: false });
    expect(result.error).toMatch(/Cal\.com rejected the API key/);
    expect(await store.syncRuns.list(salon.id, 100)).toHaveLength(before + 1);
    expect(log.messages()).toEqual(
      expect.arrayContaining(["last successful sync unknown", "sync failure notification failed"]),
    );
  });
});
