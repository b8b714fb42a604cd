import { describe, expect, it } from "vitest";
import { type Company, defaultThresholds } from "../../src/domain/entities.ts";
import { ValidationError } from "../../src/domain/errors.ts";
import { type Job, jobNames } from "../../src/domain/ports/jobs.ts";
import { makeRequestSync } from "../../src/features/sync/request-sync.ts";
import { createInProcessQueue } from "../../src/jobs/in-process-queue.ts";
import { queueSettings } from "../../src/jobs/queues.ts";
import { createLogger } from "../../src/platform/logger.ts";

function company(id: string, teamId: number | null = 1): Company {
  return {
    id,
    name: `Company ${id}`,
    slug: id,
    timezone: "Europe/Berlin",
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

/** A queue whose jobs the test lets run: what each job carried is recorded. */
async function harness() {
  const jobs = createInProcessQueue({
    queues: queueSettings({ expireInSeconds: 60 }),
    logger: createLogger({ level: "silent" }),
  });
  const ran: { queue: string; data: unknown }[] = [];
  const record = async (job: Job<object>) => void ran.push({ queue: job.name, data: job.data });
  jobs.work(jobNames.teamSync, record);
  jobs.work(jobNames.reconcile, record);
  return { jobs, ran, requestSync: makeRequestSync({ jobs }) };
}

const admin = { type: "user", userId: "u1", role: "company_admin" } as never;

describe("requesting a sync", () => {
  it("queues a company's team sync once while one is waiting, and runs it as the admin's", async () => {
    const { jobs, ran, requestSync } = await harness();
    const salon = company("salon");
    const first = await requestSync({ company: salon, actor: admin }, { kind: "team" });
    expect(first.queued).toBe(true);
    // A second click before it ran adds nothing; another company's request is its own.
    expect(await requestSync({ company: salon, actor: admin }, { kind: "team" })).toEqual({
      jobId: null,
      queued: false,
    });
    const other = await requestSync({ company: company("other"), actor: admin }, { kind: "team" });
    expect(other.queued).toBe(true);
    await jobs.start();
    await jobs.idle();
    expect(ran).toEqual([
      {
        queue: jobNames.teamSync,
        data: { companyId: "salon", kind: "targeted", trigger: "admin" },
      },
      {
        queue: jobNames.teamSync,
        data: { companyId: "other", kind: "targeted", trigger: "admin" },
      },
    ]);
    await jobs.stop();
  });

  it("marks a webhook's request as such, and queues a reconciliation on its own queue", async () => {
    const { jobs, ran, requestSync } = await harness();
    const salon = company("salon");
    await requestSync({ company: salon, actor: { type: "webhook" } }, { kind: "team" });
    await requestSync({ company: salon, actor: admin }, { kind: "reconcile" });
    await jobs.start();
    await jobs.idle();
    expect(ran).toEqual([
      {
        queue: jobNames.teamSync,
        data: { companyId: "salon", kind: "targeted", trigger: "webhook" },
      },
      { queue: jobNames.reconcile, data: { companyId: "salon", trigger: "admin" } },
    ]);
    await jobs.stop();
  });

  it("refuses a company without a Cal.com team, and an unknown kind", async () => {
    const { requestSync } = await harness();
    await expect(
      requestSync({ company: company("bare", null), actor: admin }, { kind: "team" }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      requestSync({ company: company("salon"), actor: admin }, { kind: "everything" } as never),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
