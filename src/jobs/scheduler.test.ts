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

/** A scheduler over in-memory claims (unique per company, job and due time, like the table). */
function harness(companies: Company[], overrides: Partial<SchedulerDeps> = {}) {
  const claims = new Map<string, string>();
  const won: { companyId: string; dueAt: string }[] = [];
  const runs: string[] = [];
  const log = capturedLogger();
  const scheduler = createScheduler({
    cron: "0 3 * * *",
    listCompanies: async () => companies,
    claim: async (companyId, job, dueAt, claimedBy) => {
      const key = `${companyId}|${job}|${dueAt}`;
      if (claims.has(key)) return false;
      claims.set(key, claimedBy);
      won.push({ companyId, dueAt });
      return true;
    },
    run: async (c) => {
      runs.push(c.id);
    },
    instanceId: "instance-a",
    logger: log.logger,
    ...overrides,
  });
  return { scheduler, claims, won, runs, log };
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
      claim: async () => true,
      run: async () => {},
      instanceId: "instance-a",
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

  it("runs a second job under its own name: its claims and its variable are its own", async () => {
    const deps: SchedulerDeps = {
      cron: "*/10 * * * *",
      job: reconcileJob,
      cronVariable: "RECONCILE_CRON",
      listCompanies: async () => [],
      claim: async () => true,
      run: async () => {},
      instanceId: "instance-a",
      logger: capturedLogger().logger,
    };
    expect(() => createScheduler({ ...deps, cron: "*/10 * *" })).toThrow(
      /^RECONCILE_CRON "\*\/10 \* \*" is not a valid cron expression/,
    );
    const berlin = company("berlin", "Europe/Berlin");
    const jobs: string[] = [];
    const claims = new Set<string>();
    const claim: SchedulerDeps["claim"] = async (companyId, job, dueAt) => {
      jobs.push(job);
      const key = `${companyId}|${job}|${dueAt}`;
      if (claims.has(key)) return false;
      claims.add(key);
      return true;
    };
    const runs: string[] = [];
    const sync = harness([berlin], { claim, run: async () => void runs.push("sync") });
    const reconcile = harness([berlin], {
      ...deps,
      listCompanies: async () => [berlin],
      claim,
      run: async () => void runs.push("reconcile"),
    });
    // 03:00 in Berlin is also a ten-minute mark: both jobs run, each claimed under its name.
    await sync.scheduler.tick(at("2025-01-15T02:00:30Z"));
    await reconcile.scheduler.tick(at("2025-01-15T02:00:30Z"));
    await reconcile.scheduler.tick(at("2025-01-15T02:10:30Z"));
    // A second instance of the reconciler finds the occurrence claimed.
    const other = harness([berlin], { ...deps, listCompanies: async () => [berlin], claim });
    await other.scheduler.tick(at("2025-01-15T02:10:40Z"));
    expect(runs).toEqual(["sync", "reconcile", "reconcile"]);
    expect(other.runs).toEqual([]);
    expect(jobs).toEqual([dailySyncJob, reconcileJob, reconcileJob, reconcileJob]);
  });

  it("a job that need not look back on start waits for its next occurrence", async () => {
    const berlin = company("berlin", "Europe/Berlin");
    const { scheduler, runs } = harness([berlin], { cron: "*/10 * * * *", lookBackOnStart: false });
    await scheduler.tick(at("2025-01-15T02:00:30Z")); // just after 03:00 in Berlin: not replayed
    expect(runs).toEqual([]);
    await scheduler.tick(at("2025-01-15T02:10:20Z"));
    expect(runs).toEqual(["berlin"]);
  });

  it("runs each company at 03:00 in its own time zone, once per occurrence", async () => {
    const berlin = company("berlin", "Europe/Berlin");
    const newYork = company("new-york", "America/New_York");
    const tokyo = company("tokyo", "Asia/Tokyo");
    const unconnected = company("no-team", "Europe/Berlin", null);
    const { scheduler, won, runs } = harness([berlin, newYork, tokyo, unconnected]);

    await scheduler.tick(at("2025-01-15T02:00:30Z")); // 03:00:30 in Berlin (CET)
    await scheduler.tick(at("2025-01-15T02:00:30Z"));
    await scheduler.tick(at("2025-01-15T05:00:00Z"));
    await scheduler.tick(at("2025-01-15T08:00:10Z")); // 03:00 in New York (EST)
    await scheduler.tick(at("2025-01-15T18:00:10Z")); // 03:00 in Tokyo
    await scheduler.tick(at("2025-01-16T02:00:10Z"));
    expect(runs).toEqual(["berlin", "new-york", "tokyo", "berlin"]);
    expect(won).toEqual([
      { companyId: "berlin", dueAt: "2025-01-15T02:00:00.000Z" },
      { companyId: "new-york", dueAt: "2025-01-15T08:00:00.000Z" },
      { companyId: "tokyo", dueAt: "2025-01-15T18:00:00.000Z" },
      { companyId: "berlin", dueAt: "2025-01-16T02:00:00.000Z" },
    ]);

    const summer = harness([berlin, newYork, tokyo]);
    await summer.scheduler.tick(at("2025-07-15T01:00:20Z")); // 03:00 in Berlin (CEST)
    expect(summer.won).toEqual([{ companyId: "berlin", dueAt: "2025-07-15T01:00:00.000Z" }]);
  });

  it("looks back one interval on its first tick, and catches up when a tick is late", async () => {
    const berlin = company("berlin", "Europe/Berlin");
    const restarted = harness([berlin]);
    // 03:01:30: the 03:00 occurrence is more than one interval old for a fresh process.
    await restarted.scheduler.tick(at("2025-01-15T02:01:30Z"));
    expect(restarted.runs).toEqual([]);

    const late = harness([berlin]);
    await late.scheduler.tick(at("2025-01-15T01:59:00Z"));
    await late.scheduler.tick(at("2025-01-15T02:07:00Z")); // seven minutes late
    expect(late.won).toEqual([{ companyId: "berlin", dueAt: "2025-01-15T02:00:00.000Z" }]);
    expect(late.runs).toEqual(["berlin"]);
  });

  it("runs only the occurrences whose claim it wins", async () => {
    const { scheduler, runs, claims } = harness([company("berlin", "Europe/Berlin")]);
    claims.set(`berlin|${dailySyncJob}|2025-01-15T02:00:00.000Z`, "instance-b");
    await scheduler.tick(at("2025-01-15T02:00:30Z"));
    expect(runs).toEqual([]);
  });

  it("keeps the window open while the companies cannot be listed", async () => {
    let down = true;
    const berlin = company("berlin", "Europe/Berlin");
    const { scheduler, won, log } = harness([], {
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

  it("runs two companies at a time and never one company twice at once", async () => {
    const companies = ["a", "b", "c", "d"].map((id) => company(id, "UTC"));
    const gates = new Map(companies.map((c) => [c.id, gate()]));
    let active = 0;
    let peak = 0;
    const started: string[] = [];
    const { scheduler, won } = harness(companies, {
      cron: "* * * * *",
      run: async (c) => {
        started.push(c.id);
        active++;
        peak = Math.max(peak, active);
        await gates.get(c.id)?.opened;
        active--;
      },
    });

    const first = scheduler.tick(at("2025-01-15T03:00:30Z"));
    await flush();
    expect(started).toEqual(["a", "b"]);
    // The next minute comes due while a and b still run: nothing of theirs starts twice, and
    // for c and d, still waiting for a slot, the newer occurrence replaces the older one.
    const second = scheduler.tick(at("2025-01-15T03:01:30Z"));
    await flush();
    expect(started).toEqual(["a", "b"]);
    gates.get("a")?.open();
    await flush();
    expect(started).toEqual(["a", "b", "c"]);
    for (const g of gates.values()) g.open();
    await Promise.all([first, second]);
    expect(peak).toBe(2);
    expect(started.sort()).toEqual(["a", "a", "b", "b", "c", "d"]);
    expect(won.filter((w) => w.companyId === "c")).toEqual([
      { companyId: "c", dueAt: "2025-01-15T03:01:00.000Z" },
    ]);
  });

  it("logs a crashing run and carries on with the others and the next tick", async () => {
    const companies = [company("a", "UTC"), company("b", "UTC")];
    const ran: string[] = [];
    const { scheduler, log } = harness(companies, {
      run: async (c) => {
        if (c.id === "a") throw new Error("boom");
        ran.push(c.id);
      },
    });
    await scheduler.tick(at("2025-01-15T03:00:30Z"));
    await scheduler.tick(at("2025-01-16T03:00:30Z"));
    expect(ran).toEqual(["b", "b"]);
    expect(log.messages().filter((m) => m === "scheduled sync crashed")).toHaveLength(2);
  });

  it("ticks on its own once started, and stop waits for the run under way", async () => {
    const release = gate();
    let finished = 0;
    let calls = 0;
    const { scheduler } = harness([company("a", "UTC")], {
      cron: "* * * * * *", // every second
      tickMs: 20,
      run: async () => {
        calls++;
        await release.opened;
        finished++;
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

/** Lets pending promise callbacks (in-memory claims, finished runs) take their turn. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
