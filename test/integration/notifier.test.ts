import { createServer, type IncomingHttpHeaders } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import type { Company } from "../../src/domain/entities.ts";
import { jobNames, type QueueSettings } from "../../src/domain/ports/jobs.ts";
import { Secret } from "../../src/domain/secret.ts";
import { makeRunScheduledSync } from "../../src/features/sync/run-scheduled-sync.ts";
import { makeSyncTeam } from "../../src/features/sync/sync-team.ts";
import {
  enqueueNotification,
  enqueueOccurrence,
  registerJobHandlers,
} from "../../src/jobs/background-jobs.ts";
import { createInProcessQueue } from "../../src/jobs/in-process-queue.ts";
import { queueSettings } from "../../src/jobs/queues.ts";
import { createScheduler, dailySyncJob } from "../../src/jobs/scheduler.ts";
import { fixedClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createNotifier, type Notification } from "../../src/platform/notifier.ts";
import { blockedAddress } from "../../src/platform/safe-http.ts";
import { createSimulator, demoFixture } from "../../src/simulator/index.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { newHostMapping, newStaff } from "../support/factories.ts";
import { companyInput, storeFor } from "../support/fixtures.ts";
import { testTls } from "../support/tls.ts";

/**
 * Webhooks go out under the SSRF rule (https, checked addresses): the receiver is an https server
 * on 127.0.0.1 named hooks.frontdesk.test, trusted through the test certificate, and its one
 * loopback address is the only exception to the address rule.
 */
const webhookGuard = {
  resolve: async () => [{ address: "127.0.0.1", family: 4 }],
  ca: testTls.cert,
  isBlocked: (ip: string) => (ip === "127.0.0.1" ? null : blockedAddress(ip)),
};

interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * A real SMTP server on a free local port that keeps what it receives; while `state.failing`,
 * it answers each message with a temporary failure (451) and keeps nothing.
 */
async function startMailServer() {
  const mails: ReceivedMail[] = [];
  const state = { failing: false, refused: [] as number[] };
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (state.failing) {
          state.refused.push(Date.now());
          callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
          return;
        }
        const envelope = session.envelope;
        mails.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((r) => r.address),
          ...readMime(Buffer.concat(chunks).toString("utf8")),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Just enough MIME for what nodemailer sends: folded headers, encoded words, QP or base64. */
function readMime(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const headers = new Map(
    raw
      .slice(0, split)
      .replace(/\r\n[ \t]+/g, " ")
      .split("\r\n")
      .map((line) => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
      }),
  );
  const body = raw.slice(split + 4);
  const encoding = headers.get("content-transfer-encoding");
  const text =
    encoding === "quoted-printable"
      ? quotedPrintable(body.replace(/=\r\n/g, ""))
      : encoding === "base64"
        ? Buffer.from(body, "base64").toString("utf8")
        : body;
  const subject = (headers.get("subject") ?? "")
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_word, kind: string, data: string) =>
      kind.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : quotedPrintable(data.replace(/_/g, " ")),
    );
  return { subject, text: text.replace(/\r\n/g, "\n") };
}

function quotedPrintable(encoded: string): string {
  const bytes = encoded.replace(/=([0-9A-F]{2})/gi, (_match, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** A local HTTPS endpoint that records each request and answers with `status` (or never). */
async function startWebhookReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
  const state = { status: 204 as number | "hang" };
  const server = createHttpsServer({ cert: testTls.cert, key: testTls.key }, (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(body) });
      if (state.status !== "hang") res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${testTls.host}:${port}`,
    received,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A local port nobody listens on: taken from the OS, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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
    logger: createLogger({ destination }),
    messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg),
  };
}

describe("notifier against a real mail server and webhook receiver", () => {
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    mail = await startMailServer();
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await mail.close();
    await hooks.close();
  });
  afterEach(() => {
    mail.mails.length = 0;
    hooks.received.length = 0;
    hooks.state.status = 204;
  });

  const notification: Notification = {
    emailTo: ["inhaber@salon-beispiel.test", "ops@frontdesk.test"],
    webhookUrls: [],
    subject: "Frontdesk: Cal.com-Synchronisierung für Salon Beispiel fehlgeschlagen",
    text: "Fehler: Cal.com antwortet nicht — bitte prüfen.\n",
    json: { event: "sync_failed", company: { name: "Salon Beispiel" } },
  };

  it("delivers the email (UTF-8 intact) and the webhook", async () => {
    const notifier = createNotifier({
      smtpUrl: mail.url,
      emailFrom: "Frontdesk Alerts <alerts@frontdesk.test>",
      logger: capturedLogger().logger,
      webhookGuard,
    });
    const outcome = await notifier.send({
      ...notification,
      webhookUrls: [`${hooks.url}/hooks/sync`],
    });
    expect(outcome).toEqual({ email: "sent", webhooks: ["sent"] });
    expect(mail.mails).toEqual([
      {
        from: "alerts@frontdesk.test",
        to: ["inhaber@salon-beispiel.test", "ops@frontdesk.test"],
        subject: notification.subject,
        text: notification.text,
      },
    ]);
    expect(hooks.received).toEqual([
      expect.objectContaining({ path: "/hooks/sync", body: notification.json }),
    ]);
    expect(hooks.received[0]?.headers["content-type"]).toBe("application/json");
  });

  it("reports a mail server that is down, a refusing and a hanging webhook, and logs each", async () => {
    const log = capturedLogger();
    const notifier = createNotifier({
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      logger: log.logger,
      timeoutMs: 300,
      webhookGuard,
    });
    hooks.state.status = 500;
    const refused = await notifier.send({ ...notification, webhookUrls: [`${hooks.url}/a`] });
    expect(refused).toEqual({ email: "failed", webhooks: ["failed"] });

    hooks.state.status = "hang";
    const started = Date.now();
    const hung = await notifier.send({ ...notification, emailTo: [], webhookUrls: [hooks.url] });
    expect(hung).toEqual({ email: "skipped", webhooks: ["failed"] });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(log.messages().sort()).toEqual([
      "notification email failed",
      "notification webhook failed",
      "notification webhook refused",
    ]);
  });
});

describe("notifier webhooks are no way inside", () => {
  /** A plain HTTP receiver on loopback: what an attacker would point the webhook at. */
  let inside: { url: string; hits: number; close: () => Promise<void> };
  beforeAll(async () => {
    const state = { hits: 0 };
    const server = createServer((_req, res) => {
      state.hits++;
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    inside = {
      url: `http://127.0.0.1:${port}`,
      get hits() {
        return state.hits;
      },
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  });
  afterAll(() => inside.close());

  const send = (notifier: ReturnType<typeof createNotifier>, webhookUrls: string[]) =>
    notifier.send({ emailTo: [], webhookUrls, subject: "s", text: "t", json: {} });

  it("refuses loopback, metadata and http: targets, and a public name resolving to 127.0.0.1", async () => {
    const log = capturedLogger();
    const notifier = createNotifier({
      logger: log.logger,
      // A name that looks public but answers with loopback (DNS rebinding).
      webhookGuard: { resolve: async () => [{ address: "127.0.0.1", family: 4 }] },
    });
    const port = new URL(inside.url).port;
    const outcome = await send(notifier, [
      `${inside.url}/hook`,
      `https://127.0.0.1:${port}/hook`,
      "https://169.254.169.254/latest/meta-data/",
      `https://hooks.example.com:${port}/hook`,
    ]);
    expect(outcome.webhooks).toEqual(["failed", "failed", "failed", "failed"]);
    expect(inside.hits).toBe(0);
    expect(log.messages()).toEqual(Array(4).fill("notification webhook failed"));
  });
});

describe.each(testEngines())("a failing scheduled sync on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let salon: Company;
  const sim = createSimulator(demoFixture());
  const reader = createCalcomTeamReader({
    fetch: (input, init) =>
      Promise.resolve(sim.app.request(input instanceof Request ? input : String(input), init)),
    sleep: async () => {},
  });
  const clock = fixedClock("2025-01-14T02:00:05.000Z"); // 03:00:05 in Berlin
  const syncTeam = () => makeSyncTeam({ store, calcom: reader, clock, newId });

  /**
   * Scheduler → team-sync job → scheduled sync → team sync → notify jobs → notifier, wired as the
   * server wires them (in-process queue); `notifyRetries` shortens the notify queue's retries.
   */
  function scheduler(
    smtpUrl: string,
    logger: ReturnType<typeof createLogger>,
    notifyRetries: Partial<QueueSettings> = {},
  ) {
    const notifier = createNotifier({ smtpUrl, logger, timeoutMs: 2_000, webhookGuard });
    const sync = syncTeam();
    const settings = queueSettings({ expireInSeconds: 60 });
    const jobs = createInProcessQueue({
      queues: {
        ...settings,
        [jobNames.notify]: { ...settings[jobNames.notify], ...notifyRetries },
      },
      logger,
    });
    const runScheduledSync = makeRunScheduledSync({
      sync: async (ctx, input) => {
        const result = await sync(ctx, input);
        return {
          status: result.status,
          error: result.status === "failed" ? result.error : null,
          runId: result.run?.id ?? null,
        };
      },
      lastSuccess: async (companyId) =>
        (await store.syncRuns.lastFinished(companyId, "team", "succeeded"))?.finishedAt ?? null,
      notify: (notification) => enqueueNotification(jobs, notification),
      notifyEmailTo: "ops@frontdesk.test",
      notifyWebhookUrl: `${hooks.url}/ops`,
      consoleUrl: (companyId) => `https://frontdesk.test/admin/companies/${companyId}`,
      logger,
      clock,
    });
    const unused = () => Promise.reject(new Error("not part of this test"));
    registerJobHandlers(jobs, {
      findCompany: (companyId) => store.companies.findById(companyId),
      runScheduledSync,
      syncServiceHosts: unused,
      reconcileBookings: unused,
      purge: unused,
      settle: unused,
      send: notifier.send,
      instanceId: "instance-a",
      logger,
    });
    const ticker = createScheduler({
      cron: "0 3 * * *",
      listCompanies: () => store.companies.list(),
      enqueue: (company, dueAt) => enqueueOccurrence(jobs, dailySyncJob, company, dueAt),
      logger,
    });
    return {
      /** Ticks at `now`, then waits for the sync and every notification (with its retries). */
      async tickAndSettle(now: Date) {
        await jobs.start();
        await ticker.tick(now);
        await jobs.idle();
        await jobs.stop();
      },
    };
  }

  /** Everything a failed sync must leave as it was. */
  const snapshot = async () => ({
    eventTypes: await database.db
      .selectFrom("calcom_event_type")
      .selectAll()
      .where("company_id", "=", salon.id)
      .orderBy("event_type_id")
      .execute(),
    hosts: await database.db
      .selectFrom("calcom_event_type_host")
      .selectAll()
      .where("company_id", "=", salon.id)
      .orderBy("event_type_id")
      .orderBy("calcom_user_id")
      .execute(),
    members: await database.db
      .selectFrom("calcom_member")
      .selectAll()
      .where("company_id", "=", salon.id)
      .orderBy("calcom_user_id")
      .execute(),
    mappings: await database.db
      .selectFrom("host_mapping")
      .selectAll()
      .where("company_id", "=", salon.id)
      .orderBy("calcom_user_id")
      .execute(),
  });

  const scheduledRuns = async () =>
    (await store.syncRuns.list(salon.id, 100)).filter((r) => r.trigger === "schedule");

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database);
    mail = await startMailServer();
    hooks = await startWebhookReceiver();
    const created = await store.companies.create(
      companyInput("salon", {
        name: "Salon Beispiel",
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1001,
        calcomApiKey: new Secret("cal_test_salon_beispiel"),
      }),
    );
    salon = await store.companies.update(created.id, {
      notifyEmail: "inhaber@salon-beispiel.test",
      notifyWebhookUrl: `${hooks.url}/salon`,
    });
    // Yesterday's successful sync, and a mapping an admin made on top of it.
    expect(
      (await syncTeam()({ company: salon, actor: { type: "cli" } }, { trigger: "cli" })).status,
    ).toBe("succeeded");
    const anna = await newStaff(store, salon, {
      name: "Anna Schmidt",
      email: "anna@salon-beispiel.de",
    });
    await newHostMapping(store, salon, { calcomUserId: 502 }, anna);
  });
  afterAll(async () => {
    await mail.close();
    await hooks.close();
    await database.drop();
  });
  afterEach(() => {
    sim.faults.clear();
    hooks.received.length = 0;
    hooks.state.status = 204;
  });

  it("emails and posts the failure, and leaves the mirror and the mappings untouched", async () => {
    const before = await snapshot();
    expect(before.hosts.length).toBeGreaterThan(0);
    expect(before.mappings).toHaveLength(1);
    sim.faults.inject({ kind: "500", times: 100 });
    clock.set("2025-01-15T02:00:05.000Z");

    await scheduler(mail.url, capturedLogger().logger).tickAndSettle(
      new Date("2025-01-15T02:00:30Z"),
    );

    const [run] = await scheduledRuns();
    expect(run).toMatchObject({ status: "failed", trigger: "schedule" });
    expect(run?.error).toMatch(/Cal\.com/);
    expect(await snapshot()).toEqual(before);

    expect(mail.mails).toHaveLength(1);
    const [email] = mail.mails;
    expect(email?.from).toBe("frontdesk@localhost");
    expect(email?.to).toEqual(["inhaber@salon-beispiel.test", "ops@frontdesk.test"]);
    expect(email?.subject).toBe(
      "Frontdesk: Cal.com-Synchronisierung für Salon Beispiel fehlgeschlagen",
    );
    expect(email?.text).toContain("Salon Beispiel");
    expect(email?.text).toContain(`Fehler: ${run?.error}`);
    expect(email?.text).toContain(
      "Letzte erfolgreiche Synchronisierung: 14.01.2025, 03:00 (Europe/Berlin)",
    );

    expect(hooks.received.map((r) => r.path).sort()).toEqual(["/ops", "/salon"]);
    for (const request of hooks.received) {
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.body).toEqual({
        event: "sync_failed",
        status: "failed",
        company: { id: salon.id, name: "Salon Beispiel", slug: "salon" },
        error: run?.error,
        runId: run?.id,
        lastSuccessAt: "2025-01-14T02:00:05.000Z",
        consoleUrl: `https://frontdesk.test/admin/companies/${salon.id}`,
        at: "2025-01-15T02:00:05.000Z",
      });
    }
  });

  it("logs a mail server that is down and a webhook answering 500, and the run still completes (no retries left)", async () => {
    const log = capturedLogger();
    const before = await snapshot();
    sim.faults.inject({ kind: "500", times: 100 });
    hooks.state.status = 500;
    clock.set("2025-01-16T02:00:05.000Z");

    await scheduler(`smtp://127.0.0.1:${await closedPort()}`, log.logger, {
      retryLimit: 0,
    }).tickAndSettle(new Date("2025-01-16T02:00:30Z"));

    const runs = await scheduledRuns();
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.status === "failed" && r.finishedAt !== null)).toBe(true);
    expect(hooks.received).toHaveLength(2);
    expect(await snapshot()).toEqual(before);
    const messages = log.messages();
    expect(messages.filter((m) => m === "notification webhook refused")).toHaveLength(2);
    expect(messages).toContain("notification email failed");
    expect(messages).toContain("job finished");
    expect(messages).not.toContain("scheduled sync crashed");
  });

  it("retries an email the mail server refuses, with growing waits, until it is delivered", async () => {
    const log = capturedLogger();
    sim.faults.inject({ kind: "500", times: 100 });
    mail.state.failing = true;
    mail.state.refused.length = 0;
    const delivered = mail.mails.length;
    clock.set("2025-01-17T02:00:05.000Z");
    const run = scheduler(mail.url, log.logger, { retryLimit: 5, retryDelaySeconds: 0.2 });
    // The server recovers after refusing three attempts.
    const recovering = setInterval(() => {
      if (mail.state.refused.length >= 3) mail.state.failing = false;
    }, 5);
    try {
      await run.tickAndSettle(new Date("2025-01-17T02:00:30Z"));
    } finally {
      clearInterval(recovering);
    }

    expect(mail.state.refused).toHaveLength(3);
    expect(mail.mails).toHaveLength(delivered + 1);
    expect(mail.mails.at(-1)?.to).toEqual(["inhaber@salon-beispiel.test", "ops@frontdesk.test"]);
    // Backoff: 0.2–0.4 s, then 0.4–0.8 s before the next attempt.
    const [first, second, third] = mail.state.refused as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(190);
    expect(third - second).toBeGreaterThanOrEqual(390);
    expect(log.messages().filter((m) => m === "job failed; retrying")).toHaveLength(3);
    expect(log.messages()).not.toContain("job failed");
  }, 30_000);
});
