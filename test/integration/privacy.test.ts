import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, flushErased } from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { jobNames } from "../../src/domain/ports/jobs.ts";
import { type CompanyJobData, enqueueOccurrence } from "../../src/jobs/background-jobs.ts";
import { createInProcessQueue } from "../../src/jobs/in-process-queue.ts";
import { queueSettings } from "../../src/jobs/queues.ts";
import { createScheduler, purgeCron, purgeJob } from "../../src/jobs/scheduler.ts";
import { fixedClock } from "../../src/platform/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput } from "../support/fixtures.ts";
import { caller, privacyFeatures, seedCaller } from "../support/privacy-fixture.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe.each(testEngines())("customer export and erase on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof privacyFeatures>;
  const clock = fixedClock("2030-01-01T10:00:00.000Z");
  let a: Awaited<ReturnType<typeof seedCaller>>;
  let b: Awaited<ReturnType<typeof seedCaller>>;
  const ctx = (company: { id: string }) =>
    ({ company, actor: { type: "user", userId: "admin-1" } }) as never;
  let companyA: Parameters<typeof ctx>[0] & { slug: string };
  let companyB: Parameters<typeof ctx>[0] & { slug: string };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = privacyFeatures(database, clock, { flushErased: () => flushErased(database) });
    companyA = await app.store.companies.create(companyInput("privacy-a"));
    companyB = await app.store.companies.create(companyInput("privacy-b"));
    a = await seedCaller(app.store, companyA.id, clock.now().toISOString());
    b = await seedCaller(app.store, companyB.id, clock.now().toISOString());
  });
  afterAll(() => database.drop());

  it("exports everything stored about the caller, read in the company's country", async () => {
    const doc = await app.useCases.privacy.exportCustomer(ctx(companyA), {
      phone: caller.national,
    });
    expect(doc.phone).toBe(caller.phone);
    expect(doc.company).toBe("privacy-a");
    expect(doc.customer).toEqual({
      id: a.customer.id,
      name: caller.name,
      phone: caller.phone,
      email: caller.email,
    });
    const ids = (doc.appointments as { id: string }[]).map((x) => x.id).sort();
    expect(ids).toEqual([a.appointments.voice.id, a.appointments.byEmail.id].sort());
    expect(doc.calls).toHaveLength(1);
    expect(doc.calls[0]).toMatchObject({ retellCallId: "call-wz", summary: caller.summary });
    expect(doc.bookingAttempts).toHaveLength(1);
    expect(doc.bookingAttempts[0]).toMatchObject({ attendeePhone: caller.phone });
    const inboxIds = (doc.inboxEvents as { id: string }[]).map((e) => e.id).sort();
    // The delivery with a longer number that only starts like theirs is not theirs.
    expect(inboxIds).toEqual([a.inbox.calcom.id, a.inbox.retell.id].sort());
    expect(doc.inboxEvents[0]).toHaveProperty("payload");
    expect(JSON.stringify(doc)).not.toContain("Otto");
    // Nothing of company B's rows (same phone, same name) is in A's export.
    expect(JSON.stringify(doc)).not.toContain(b.customer.id);
    expect(JSON.stringify(doc)).not.toContain(companyB.id);
  });

  it("refuses a number that is not valid for the company's country", async () => {
    await expect(
      app.useCases.privacy.exportCustomer(ctx(companyA), { phone: "12" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("erases the caller in one company only; appointments stay without personal fields", async () => {
    const result = await app.useCases.privacy.eraseCustomer(ctx(companyA), { phone: caller.phone });
    expect(result).toEqual({
      phone: caller.phone,
      erased: true,
      customerId: a.customer.id,
      counts: { customers: 1, appointments: 2, calls: 1, bookingAttempts: 1, inboxEvents: 2 },
    });
    const { db } = database;
    expect(await app.store.customers.findByPhone(companyA.id, caller.phone)).toBeNull();
    const voice = await app.store.appointments.findById(companyA.id, a.appointments.voice.id);
    expect(voice).toMatchObject({
      staffId: a.staffId,
      startAt: a.appointments.voice.startAt,
      status: "accepted",
      source: "voice",
      customerId: null,
      attendeeName: null,
      attendeeEmail: null,
      notes: null,
    });
    const byEmail = await app.store.appointments.findById(companyA.id, a.appointments.byEmail.id);
    expect(byEmail).toMatchObject({ attendeeName: null, attendeeEmail: null, staffId: a.staffId });
    // Another person's appointment and call are untouched.
    expect(
      await app.store.appointments.findById(companyA.id, a.appointments.other.id),
    ).toMatchObject({ attendeeName: "Otto Anders" });
    expect(await app.store.calls.find(companyA.id, "call-other")).toMatchObject({
      summary: "Otto fragt nach Preisen",
    });
    expect(await app.store.calls.find(companyA.id, "call-wz")).toMatchObject({
      fromNumber: null,
      toNumber: "+49301234567",
      summary: null,
      outcome: null,
      durationMs: 60_000,
    });
    const attempts = await db
      .selectFrom("booking_attempt")
      .select("company_id")
      .where("attendee_phone", "=", caller.phone)
      .execute();
    expect(attempts.map((r) => r.company_id)).toEqual([companyB.id]);
    const inbox = await db
      .selectFrom("inbox_event")
      .select(["id", "payload", "payload_sha256", "redacted_at", "company_id"])
      .execute();
    const byId = new Map(inbox.map((r) => [r.id, r]));
    expect(byId.get(a.inbox.calcom.id)).toMatchObject({
      payload: "",
      payload_sha256: sha256(a.payloads.calcom),
    });
    expect(byId.get(a.inbox.retell.id)).toMatchObject({
      payload: "",
      payload_sha256: sha256(a.payloads.retell),
    });
    expect(byId.get(a.inbox.unrelated.id)).toMatchObject({ payload: a.payloads.unrelated });

    // Company B's customer with the same phone keeps everything.
    expect(await app.store.customers.findByPhone(companyB.id, caller.phone)).toMatchObject({
      id: b.customer.id,
      name: caller.name,
      email: caller.email,
    });
    expect(
      await app.store.appointments.findById(companyB.id, b.appointments.voice.id),
    ).toMatchObject({ attendeeName: caller.name, notes: caller.note, customerId: b.customer.id });
    expect(await app.store.calls.find(companyB.id, "call-wz")).toMatchObject({
      fromNumber: caller.phone,
      summary: caller.summary,
    });
    expect(byId.get(b.inbox.calcom.id)).toMatchObject({ payload: b.payloads.calcom });
    expect(byId.get(b.inbox.retell.id)).toMatchObject({ payload: b.payloads.retell });
    const exportB = await app.useCases.privacy.exportCustomer(ctx(companyB), {
      phone: caller.phone,
    });
    expect(exportB.appointments).toHaveLength(2);
    expect(exportB.inboxEvents).toHaveLength(2);
  });

  it("audits who erased which customer id when, without the personal data", async () => {
    const audit = await app.store.customers.listErasureAudit(companyA.id, 10);
    expect(audit).toEqual([
      {
        id: expect.any(String),
        companyId: companyA.id,
        customerId: a.customer.id,
        actorType: "user",
        actorId: "admin-1",
        counts: { customers: 1, appointments: 2, calls: 1, bookingAttempts: 1, inboxEvents: 2 },
        createdAt: "2030-01-01T10:00:00.000Z",
      },
    ]);
    const raw = JSON.stringify(await database.db.selectFrom("privacy_audit").selectAll().execute());
    for (const secret of [caller.phone, caller.name, caller.email])
      expect(raw).not.toContain(secret);
    expect(await app.store.customers.listErasureAudit(companyB.id, 10)).toEqual([]);
  });

  it("after the erasure the export is empty, and erasing again changes nothing", async () => {
    const doc = await app.useCases.privacy.exportCustomer(ctx(companyA), { phone: caller.phone });
    expect(doc).toMatchObject({
      customer: null,
      appointments: [],
      calls: [],
      bookingAttempts: [],
      inboxEvents: [],
    });
    const again = await app.useCases.privacy.eraseCustomer(ctx(companyA), { phone: caller.phone });
    expect(again).toMatchObject({ erased: false, customerId: null });
    expect(await app.store.customers.listErasureAudit(companyA.id, 10)).toHaveLength(1);
  });
});

describe.each(testEngines())("retention on %s", (engine) => {
  let database: TestDatabase;
  const t0 = "2030-01-01T10:00:00.000Z";
  const clock = fixedClock(t0);
  let app: ReturnType<typeof privacyFeatures>;
  let companyA: { id: string; slug: string };
  let companyB: { id: string; slug: string };
  let old: Awaited<ReturnType<typeof seedCaller>>;
  const days = (n: number) => new Date(Date.parse(t0) + n * 86_400_000).toISOString();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = privacyFeatures(database, clock);
    companyA = await app.store.companies.create(companyInput("keep-a"));
    // Not connected to Cal.com: still purged (Retell deliveries arrive anyway).
    companyB = await app.store.companies.create(companyInput("keep-b"));
    old = await seedCaller(app.store, companyA.id, t0);
    await seedCaller(app.store, companyB.id, days(20));
    await app.store.bookingAttempts.insert(companyA.id, {
      key: "fresh-attempt",
      callId: "call-new",
      serviceId: null,
      customerId: null,
      eventTypeId: 2001,
      start: days(40),
      attendeeName: "Neu",
      attendeeEmail: "neu@example.org",
      attendeePhone: "+4915100000002",
      notes: null,
      startedAt: days(29),
      nextCheckAt: days(29),
    });
    const user = await app.store.users.create({
      email: "admin@example.org",
      passwordHash: "x",
      role: "company_admin",
      companyId: companyA.id,
    });
    for (const [id, expires] of [
      ["expired", days(1)],
      ["live", days(60)],
    ] as const) {
      await app.sessions.create({
        idHash: id,
        userId: user.id,
        csrfToken: "t",
        expiresAt: expires,
        createdAt: t0,
      });
    }
    // Invitation and reset links: one used, one expired at day 31, one still open then.
    for (const [id, expires] of [
      ["used", days(60)],
      ["expired", days(7)],
      ["open", days(60)],
    ] as const) {
      await app.store.userTokens.create({
        idHash: `token-${id}`,
        kind: "invite",
        email: `${id}@salon.test`,
        role: "company_admin",
        companyId: companyA.id,
        userId: null,
        expiresAt: expires,
        createdBy: user.id,
        createdAt: t0,
      });
    }
    await app.store.userTokens.consume("token-used", "invite", days(1));
  });
  afterAll(() => database.drop());

  it("keeps everything inside the window", async () => {
    clock.set(days(29));
    const report = await app.useCases.privacy.purgeExpiredData();
    expect(report.before).toBe(days(-1));
    expect(report.retentionDays).toBe(30);
    expect(report.companies).toEqual([
      { company: "keep-a", inboxRedacted: 0, bookingAttemptsDeleted: 0 },
      { company: "keep-b", inboxRedacted: 0, bookingAttemptsDeleted: 0 },
    ]);
  });

  it("after RETENTION_DAYS only the digest and outcome of a delivery remain", async () => {
    const { db } = database;
    await app.store.inbox.markProcessed(companyA.id, old.inbox.calcom.id, "created", null, t0);
    clock.set(days(31));
    const report = await app.useCases.privacy.purgeExpiredData();
    expect(report.companies).toEqual([
      { company: "keep-a", inboxRedacted: 3, bookingAttemptsDeleted: 1 },
      { company: "keep-b", inboxRedacted: 0, bookingAttemptsDeleted: 0 },
    ]);
    const row = await db
      .selectFrom("inbox_event")
      .selectAll()
      .where("id", "=", old.inbox.calcom.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      payload: "",
      payload_sha256: sha256(old.payloads.calcom),
      outcome: "created",
      redacted_at: days(31),
      event_type: "BOOKING_CREATED",
    });
    // Company B's deliveries are 11 days old: kept as received.
    const kept = await db
      .selectFrom("inbox_event")
      .select("payload")
      .where("company_id", "=", companyB.id)
      .execute();
    expect(kept.every((r) => r.payload.length > 0)).toBe(true);
    const attempts = await db.selectFrom("booking_attempt").select("idempotency_key").execute();
    expect(attempts.map((r) => r.idempotency_key)).toContain("fresh-attempt");
    expect(attempts).toHaveLength(2);
    const sessions = await db.selectFrom("session").select("id_hash").execute();
    expect(sessions.map((s) => s.id_hash)).toEqual(["live"]);
    const tokens = await db.selectFrom("user_token").select("id_hash").execute();
    expect(tokens.map((t) => t.id_hash)).toEqual(["token-open"]);
  });

  it("a second purge finds nothing more; one company at a time for the daily job", async () => {
    const again = await app.useCases.privacy.purgeExpiredData({
      company: companyB,
      actor: { type: "scheduler" },
    } as never);
    expect(again.companies).toEqual([
      { company: "keep-b", inboxRedacted: 0, bookingAttemptsDeleted: 0 },
    ]);
    clock.set(days(51));
    const later = await app.useCases.privacy.purgeExpiredData({
      company: companyB,
      actor: { type: "scheduler" },
    } as never);
    expect(later.companies[0]).toMatchObject({ inboxRedacted: 3, bookingAttemptsDeleted: 1 });
  });

  it("the daily job runs once per company and occurrence across instances", async () => {
    const runs: string[] = [];
    const jobs = createInProcessQueue({
      queues: queueSettings({ expireInSeconds: 60 }),
      logger: silent,
    });
    jobs.work<CompanyJobData>(jobNames.purge, async (job) => {
      const company = await app.store.companies.findById(job.data.companyId);
      runs.push(company!.slug);
      await app.useCases.privacy.purgeExpiredData({
        company: company!,
        actor: { type: "scheduler" },
      } as never);
    });
    await jobs.start();
    const scheduler = () =>
      createScheduler({
        cron: purgeCron,
        job: purgeJob,
        everyCompany: true,
        listCompanies: () => app.store.companies.list(),
        enqueue: (company, dueAt) => enqueueOccurrence(jobs, purgeJob, company, dueAt),
        clock,
        logger: silent,
      });
    const one = scheduler();
    const two = scheduler();
    // 04:30 Berlin on the day after days(51).
    const tick = new Date("2030-02-22T03:30:30.000Z");
    await Promise.all([one.tick(tick), two.tick(tick)]);
    await jobs.idle();
    expect(runs.sort()).toEqual(["keep-a", "keep-b"]);
    await Promise.all([one.stop(), two.stop(), jobs.stop()]);
  });
});

describe("the SQLite database file", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "frontdesk-privacy-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("and its data folder are readable by the owner only", async () => {
    const previous = process.umask(0o022);
    try {
      const file = join(dir, "nested", "data", "frontdesk.db");
      const database = createDatabase(`sqlite:${file}`);
      await migrateToLatest(database);
      expect(statSync(join(dir, "nested", "data")).mode & 0o777).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        expect(statSync(path).mode & 0o777, path).toBe(0o600);
      }
      await database.close();
    } finally {
      process.umask(previous);
    }
  });

  it("holds none of an erased caller's name, phone or email afterwards", async () => {
    const file = join(dir, "erase.db");
    const database = createDatabase(`sqlite:${file}`);
    await migrateToLatest(database);
    const clock = fixedClock("2030-01-01T10:00:00.000Z");
    const app = privacyFeatures(database, clock, { flushErased: () => flushErased(database) });
    const company = await app.store.companies.create(companyInput("bytes"));
    const seeded = await seedCaller(app.store, company.id, clock.now().toISOString());
    // The delivery with the longer number holds the caller's digits too: not part of this test.
    await database.db
      .deleteFrom("inbox_event")
      .where("id", "=", seeded.inbox.unrelated.id)
      .execute();
    // Make sure the caller really is in the file before the erasure.
    await flushErased(database);
    const before = readFileSync(file);
    expect(before.includes(Buffer.from(caller.name))).toBe(true);
    expect(before.includes(Buffer.from(caller.phone))).toBe(true);

    await app.useCases.privacy.eraseCustomer({ company, actor: { type: "cli" } } as never, {
      phone: caller.phone,
    });
    const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]);
    for (const secret of [
      caller.name,
      caller.phone,
      caller.email,
      caller.email.toUpperCase(),
      caller.note,
      caller.summary,
    ]) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    }
    // Other people's data is still there.
    expect(bytes.includes(Buffer.from("Otto Anders"))).toBe(true);
    await database.close();
  });
});
