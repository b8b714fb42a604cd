import { describe, expect, it } from "vitest";
import { type Job, jobNames, type QueueSettings } from "../domain/ports/jobs.ts";
import { createLogger } from "../platform/logger.ts";
import { createInProcessQueue } from "./in-process-queue.ts";
import { queueSettings } from "./queues.ts";

const logger = createLogger({ level: "silent" });

function queue(overrides: Partial<Record<string, Partial<QueueSettings>>> = {}) {
  const settings = queueSettings({ expireInSeconds: 60 });
  for (const [name, extra] of Object.entries(overrides)) {
    const key = name as keyof typeof settings;
    settings[key] = { ...settings[key], ...extra };
  }
  return createInProcessQueue({ queues: settings, logger });
}

/** A promise the test resolves by hand. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("the in-process job queue", () => {
  it("runs one job per company at a time on a stately queue, and collapses a burst into one queued job", async () => {
    const jobs = queue();
    const gates = new Map([
      ["a", gate()],
      ["b", gate()],
    ]);
    const started: string[] = [];
    let active = 0;
    let peak = 0;
    jobs.work<{ companyId: string }>(
      jobNames.teamSync,
      async (job) => {
        started.push(job.data.companyId);
        active++;
        peak = Math.max(peak, active);
        await gates.get(job.data.companyId)?.opened;
        active--;
      },
      { concurrency: 4 },
    );
    await jobs.start();
    const send = (companyId: string) =>
      jobs.enqueue(jobNames.teamSync, { companyId }, { singletonKey: companyId });
    expect(await send("a")).not.toBeNull();
    expect(await send("b")).not.toBeNull();
    await flush();
    expect(started).toEqual(["a", "b"]);
    // While a runs: one more of a waits, a third adds nothing.
    expect(await send("a")).not.toBeNull();
    expect(await send("a")).toBeNull();
    await flush();
    expect(started).toEqual(["a", "b"]);
    gates.get("a")?.open();
    await flush();
    expect(started).toEqual(["a", "b", "a"]);
    gates.get("b")?.open();
    await jobs.idle();
    expect(peak).toBe(2);
    await jobs.stop();
  });

  it("queues an id once, however many times it is sent", async () => {
    const jobs = queue();
    const ran: string[] = [];
    jobs.work<{ companyId: string }>(jobNames.purge, async (job) => void ran.push(job.id));
    await jobs.start();
    const id = "6f1c0c1e-5d2a-5b7e-8a1b-0c9d8e7f6a5b";
    expect(await jobs.enqueue(jobNames.purge, { companyId: "a" }, { id })).toBe(id);
    await jobs.idle();
    // Also after it ran: an instance ticking late does not run the occurrence again.
    expect(await jobs.enqueue(jobNames.purge, { companyId: "a" }, { id })).toBeNull();
    await jobs.idle();
    expect(ran).toEqual([id]);
    await jobs.stop();
  });

  it("retries a failing job with growing waits until it succeeds", async () => {
    const jobs = queue({ [jobNames.notify]: { retryDelaySeconds: 0.05, retryLimit: 4 } });
    const attempts: { retryCount: number; at: number }[] = [];
    jobs.work(jobNames.notify, async (job: Job<object>) => {
      attempts.push({ retryCount: job.retryCount, at: Date.now() });
      if (job.retryCount < 3) throw new Error("receiver down");
    });
    await jobs.start();
    await jobs.enqueue(jobNames.notify, { n: 1 });
    await jobs.idle();
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2, 3]);
    const waits = attempts.slice(1).map((a, i) => a.at - (attempts[i]?.at ?? 0));
    // 50–100 ms, 100–200 ms, 200–400 ms (timer slack aside).
    expect(waits[0]).toBeGreaterThanOrEqual(45);
    expect(waits[1]).toBeGreaterThanOrEqual(95);
    expect(waits[2]).toBeGreaterThanOrEqual(195);
    await jobs.stop();
  });

  it("gives up after the retry limit", async () => {
    const jobs = queue({ [jobNames.notify]: { retryDelaySeconds: 0.01, retryLimit: 2 } });
    let attempts = 0;
    jobs.work(jobNames.notify, async () => {
      attempts++;
      throw new Error("receiver down for good");
    });
    await jobs.start();
    await jobs.enqueue(jobNames.notify, { n: 1 });
    await jobs.idle();
    expect(attempts).toBe(3);
    await jobs.stop();
  });

  it("fails a job that runs past its expiry and retries it", async () => {
    const jobs = queue({
      [jobNames.reconcile]: { expireInSeconds: 0.05, retryDelaySeconds: 0.01, retryLimit: 1 },
    });
    const attempts: number[] = [];
    jobs.work<{ companyId: string }>(jobNames.reconcile, async (job) => {
      attempts.push(job.retryCount);
      // The first attempt hangs (as a stuck Cal.com request would).
      if (job.retryCount === 0) await new Promise((r) => setTimeout(r, 200));
    });
    await jobs.start();
    await jobs.enqueue(jobNames.reconcile, { companyId: "a" }, { singletonKey: "a" });
    await jobs.idle();
    expect(attempts).toEqual([0, 1]);
    await jobs.stop();
  });

  it("holds jobs until started and a worker exists; stop waits for the running job", async () => {
    const jobs = queue();
    const release = gate();
    let finished = false;
    await jobs.enqueue(jobNames.purge, { companyId: "a" }, { singletonKey: "a" });
    jobs.work(jobNames.purge, async () => {
      await release.opened;
      finished = true;
    });
    await flush();
    await jobs.start();
    await flush();
    const stopping = jobs.stop();
    setTimeout(release.open, 30);
    await stopping;
    expect(finished).toBe(true);
    await expect(jobs.enqueue(jobNames.purge, { companyId: "a" })).rejects.toThrow(/stopped/);
  });
});
