import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type Company, defaultThresholds } from "../domain/entities.ts";
import { createLogger } from "../platform/logger.ts";
import { createScheduler, dailySyncJob, reconcileJob, type SchedulerDeps } from "./scheduler.ts";

function company(id: string, timezone: string, teamId: number | null = 1): Company {
  return {
    id,
    name: `Company ${id}`,
    slug: id,
    timezone,
    locale: "de",
    country: "DE",
    calcom: { baseUrl: "http://calcom.test", teamId, apiKey: null, webhookSecret: null },
    thresholds: defaultThresholds,
    notifyEmail: null,
    notifyWebhookUrl: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
  };
}

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger({ level: "debug", destination }),
    messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg),
  };
}

/**
 * A scheduler over an in-memory stand-in of the queue's ids: an occurrence's id is (company, job,
 * due time), and a second enqueue of the same id queues nothing, as the job queue does.
 */
function harness(companies: Company[], overrides: Partial<SchedulerDeps> = {}) {
  const ids = new Set<string>();
  const queued: { companyId: string; dueAt: string }[] = [];
  const log = capturedLogger();
  const job = overrides.job ?? dailySyncJob;
  const scheduler = createScheduler({
    cron: "0 3 * * *",
    listCompanies: async () => companies,
    enqueue: async (c, dueAt) => {
      const id = `${c.id}|${job}|${dueAt}`;
      if (ids.has(id)) return null;
      ids.add(id);
      queued.push({ companyId: c.id, dueAt });
      return id;
    },
    logger: log.logger,
    ...overrides,
  });
  return { scheduler, ids, queued, runs: () => queued.map((q) => q.companyId), log };
}

/** A promise the test resolves by hand. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const at = (iso: string) => new Date(iso);

describe("scheduler", () => {
  it("refuses a bad SYNC_CRON up front, naming the variable", () => {
    const deps: SchedulerDeps = {
      cron: "0 3 * * *",
      listCompanies: async () => [],
      enqueue: async () => null,
      logger: capturedLogger().logger,
    };
    expect(() => createScheduler({ ...deps, cron: "61 3 * * *" })).toThrow(
      /SYNC_CRON "61 3 \* \* \*" is not a valid cron expression \(.*minute.*\)/,
    );
    expect(() => createScheduler({ ...deps, cron: "0 3 * *" })).toThrow(/SYNC_CRON/);
    expect(() => createScheduler({ ...deps, cron: "0 0 30 2 *" })).toThrow(
      /SYNC_CRON "0 0 30 2 \*" never fires/,
    );
  });

  it("queues a second job under its own name and variable", async () => {
    const deps: Partial<SchedulerDeps> = {
      cron: "*/10 * * * *",
      job: reconcileJob,
      cronVariable: "RECONCILE_CRON",
    };
    expect(() => harness([], { ...deps, cron: "*/10 * *" })).toThrow(
      /^RECONCILE_CRON "\*\/10 \* \*" is not a valid cron expression/,
    );
    const berlin = company("berlin", "Europe/Berlin");
    const sync = harness([berlin]);
    const reconcile = harness([berlin], deps);
    // 03:00 in Berlin is also a ten-minute mark: both jobs are queued, each under its name.
    await sync.scheduler.tick(at("2025-01-15T02:00:30Z"));
    await reconcile.scheduler.tick(at("2025-01-15T02:00:30Z"));
    await reconcile.scheduler.tick(at("2025-01-15T02:10:30Z"));
    expect([...sync.ids]).toEqual([`berlin|${dailySyncJob}|2025-01-15T02:00:00.000Z`]);
    expect([...reconcile.ids]).toEqual([
      `berlin|${reconcileJob}|2025-01-15T02:00:00.000Z`,
      `berlin|${reconcileJob}|2025-01-15T02:10:00.000Z`,
    ]);
  });

  it("a job that need not look back on start waits for its next occurrence", async () => {
    const berlin = company("berlin", "Europe/Berlin");
    const { scheduler, runs } = harness([berlin], { cron: "*/10 * * * *", lookBackOnStart: false });
    await scheduler.tick(at("2025-01-15T02:00:30Z")); // just after 03:00 in Berlin: not replayed
    expect(runs()).toEqual([]);
    await scheduler.tick(at("2025-01-15T02:10:20Z"));
    expect(runs()).toEqual(["berlin"]);
  });

  it("queues each company at 03:00 in its own time zone, once per occurrence", async () => {
    const berlin = company("berlin", "Europe/Berlin");
    const newYork = company("new-york", "America/New_York");
    const tokyo = company("tokyo", "Asia/Tokyo");
    const unconnected = company("no-team", "Europe/Berlin", null);
    const { scheduler, queued: won, runs } = harness([berlin, newYork, tokyo, unconnected]);

    await scheduler.tick(at("2025-01-15T02:00:30Z")); // 03:00:30 in Berlin (CET)
    await scheduler.tick(at("2025-01-15T02:00:30Z"));
    await scheduler.tick(at("2025-01-15T05:00:00Z"));
    await scheduler.tick(at("2025-01-15T08:00:10Z")); // 03:00 in New York (EST)
    await scheduler.tick(at("2025-01-15T18:00:10Z")); // 03:00 in Tokyo
    await scheduler.tick(at("2025-01-16T02:00:10Z"));
    expect(runs()).toEqual(["berlin", "new-york", "tokyo", "berlin"]);
    expect(won).toEqual([
      { companyId: "berlin", dueAt: "2025-01-15T02:00:00.000Z" },
      { companyId: "new-york", dueAt: "2025-01-15T08:00:00.000Z" },
      { companyId: "tokyo", dueAt: "2025-01-15T18:00:00.000Z" },
      { companyId: "berlin", dueAt: "2025-01-16T02:00:00.000Z" },
    ]);

    const summer = harness([berlin, newYork, tokyo]);
    await summer.scheduler.tick(at("2025-07-15T01:00:20Z")); // 03:00 in Berlin (CEST)
    expect(summer.queued).toEqual([{ companyId: "berlin", dueAt: "2025-07-15T01:00:00.000Z" }]);
  });

  it("looks back one interval on its first tick, and catches up when a tick is late", async () => {
    const berlin = company("berlin", "Europe/Berlin");
    const restarted = harness([berlin]);
    // 03:01:30: the 03:00 occurrence is more than one interval old for a fresh process.
    await restarted.scheduler.tick(at("2025-01-15T02:01:30Z"));
    expect(restarted.runs()).toEqual([]);

    const late = harness([berlin]);
    await late.scheduler.tick(at("2025-01-15T01:59:00Z"));
    await late.scheduler.tick(at("2025-01-15T02:07:00Z")); // seven minutes late
    expect(late.queued).toEqual([{ companyId: "berlin", dueAt: "2025-01-15T02:00:00.000Z" }]);
  });

  it("two instances ticking the same occurrence queue it once", async () => {
    const berlin = company("berlin", "Europe/Berlin");
    const one = harness([berlin]);
    const two = harness([berlin], {
      enqueue: async (c, dueAt) => {
        const id = `${c.id}|${dailySyncJob}|${dueAt}`;
        if (one.ids.has(id)) return null;
        one.ids.add(id);
        return id;
      },
    });
    await Promise.all([
      one.scheduler.tick(at("2025-01-15T02:00:30Z")),
      two.scheduler.tick(at("2025-01-15T02:00:31Z")),
    ]);
    expect([...one.ids]).toEqual([`berlin|${dailySyncJob}|2025-01-15T02:00:00.000Z`]);
    expect(two.log.messages()).toContain("scheduled job already queued");
  });

  it("keeps the window open while the companies cannot be listed", async () => {
    let down = true;
    const berlin = company("berlin", "Europe/Berlin");
    const {
      scheduler,
      queued: won,
      log,
    } = harness([], {
      listCompanies: async () => {
        if (down) throw new Error("database unreachable");
        return [berlin];
      },
    });
    await scheduler.tick(at("2025-01-15T02:00:30Z"));
    await scheduler.tick(at("2025-01-15T02:01:30Z"));
    down = false;
    await scheduler.tick(at("2025-01-15T02:02:30Z"));
    expect(won).toEqual([{ companyId: "berlin", dueAt: "2025-01-15T02:00:00.000Z" }]);
    expect(log.messages()).toContain("scheduler: listing companies failed");
  });

  it("logs an occurrence that cannot be queued and carries on with the others and the next tick", async () => {
    const companies = [company("a", "UTC"), company("b", "UTC")];
    const queued: string[] = [];
    const { scheduler, log } = harness(companies, {
      enqueue: async (c) => {
        if (c.id === "a") throw new Error("database down");
        queued.push(c.id);
        return c.id;
      },
    });
    await scheduler.tick(at("2025-01-15T03:00:30Z"));
    await scheduler.tick(at("2025-01-16T03:00:30Z"));
    expect(queued).toEqual(["b", "b"]);
    expect(log.messages().filter((m) => m === "scheduled job could not be queued")).toHaveLength(2);
  });

  it("ticks on its own once started, and stop waits for the tick under way", async () => {
    const release = gate();
    let finished = 0;
    let calls = 0;
    const { scheduler } = harness([company("a", "UTC")], {
      cron: "* * * * * *", // every second
      tickMs: 20,
      enqueue: async () => {
        calls++;
        await release.opened;
        finished++;
        return "id";
      },
    });
    scheduler.start();
    await waitFor(() => calls === 1);
    const stopping = scheduler.stop();
    setTimeout(release.open, 50);
    await stopping;
    expect(finished).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(calls).toBe(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
