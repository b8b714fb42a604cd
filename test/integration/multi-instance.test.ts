import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCalcomBody } from "../../src/calcom/webhook.ts";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import type { Company } from "../../src/domain/entities.ts";
import { signRetellBody } from "../../src/retell/signature.ts";
import { testEngines } from "../support/database.ts";
import { demoOnPostgres } from "../support/demo-on-postgres.ts";
import { type ServeProcess, startServeProcess } from "../support/serve-process.ts";
import { freeSlots, type SimulatorProcess } from "../support/simulator-process.ts";

const retellKey = "key_multi_instance_retell";
const secret = "multi-instance-test-secret";

/** A request the test sends; `answer` is null when the connection failed (no HTTP answer). */
interface Sent {
  path: string;
  body: string;
  sign: () => Record<string, string>;
}

/*
 * Three `frontdesk serve` processes on one fresh PostgreSQL database, Cal.com the simulator in
 * its own process, the load spread round-robin over the instances through the real signed routes.
 */
describe.runIf(testEngines().includes("postgres"))("three instances over one database", () => {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  let simulator: SimulatorProcess;
  let seededCompanies: Company[];
  let instances: ServeProcess[] = [];
  let database: Database;
  let salon: Company;
  let webhookSecret: string;
  let slots: string[];
  let nextSlot = 0;
  const env = () => ({
    FRONTDESK_SECRET: secret,
    FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-multi-")),
    RETELL_API_KEY: retellKey,
    LOG_LEVEL: "warn",
    CALCOM_RATE_LIMIT: "1000000000",
    FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1",
    // A booking whose server died is taken over soon (the test waits for it).
    BOOKING_SETTLE_INTERVAL_MS: "1000",
  });

  beforeAll(async () => {
    ({ databaseUrl, cleanup, simulator, companies: seededCompanies } = await demoOnPostgres(env()));
    salon = seededCompanies[0]!;
    webhookSecret = salon.calcom.webhookSecret!.reveal();
    instances = await Promise.all(
      [1, 2, 3].map(() => startServeProcess({ databaseUrl, env: env() })),
    );
    database = createDatabase(databaseUrl);
    slots = await freeSlots(simulator.url, 2001);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await simulator?.close();
    await database?.close();
    await cleanup?.();
  }, 30_000);

  const booking = (callId: string) => {
    const start = slots[nextSlot++];
    if (!start) throw new Error("the simulator has no free slot left for the test");
    const body = JSON.stringify({
      name: "book_appointment",
      call: {
        call_id: callId,
        agent_id: "agent_multi",
        to_number: "+493012345670",
        from_number: "+4915112345678",
      },
      args: { service: "Haarschnitt", start, customer_name: "Maria Muster" },
    });
    return {
      path: "/webhooks/retell/functions",
      body,
      // Signed at send time: Retell's signature carries a timestamp.
      sign: () => ({ "x-retell-signature": signRetellBody(body, retellKey, Date.now()) }),
    } satisfies Sent;
  };
  const delivery = (uid: string, n: number) => {
    const start = new Date(Date.UTC(2031, 0, 1) + n * 3_600_000).toISOString();
    const body = JSON.stringify({
      triggerEvent: "BOOKING_CREATED",
      createdAt: new Date().toISOString(),
      payload: {
        uid,
        bookingId: 700_000 + n,
        eventTypeId: 2001,
        type: "haarschnitt",
        title: "Haarschnitt",
        startTime: start,
        endTime: new Date(Date.parse(start) + 1_800_000).toISOString(),
        status: "ACCEPTED",
        organizer: { id: 501, name: "Jörg Müller", email: "joerg.mueller@salon-beispiel.de" },
        attendees: [{ name: `Webhook ${n}`, email: `w${n}@example.de`, timeZone: "Europe/Berlin" }],
      },
    });
    return {
      path: `/webhooks/calcom/${salon.slug}`,
      body,
      sign: () => ({ "x-cal-signature-256": signCalcomBody(body, webhookSecret) }),
    } satisfies Sent;
  };
  const send = async (to: ServeProcess, request: Sent) => {
    try {
      const res = await fetch(`${to.url}${request.path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...request.sign() },
        body: request.body,
      });
      return { status: res.status, text: await res.text() };
    } catch {
      return null;
    }
  };
  /** Sends every request, `parallel` at a time, request i to instance i mod 3. */
  const sendAll = async (requests: Sent[], parallel: number, pick = (i: number) => i % 3) => {
    const answers: ({ status: number; text: string } | null)[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let i = next++; i < requests.length; i = next++)
          answers[i] = await send(instances[pick(i)]!, requests[i]!);
      }),
    );
    return answers;
  };
  const appointmentsOfCalls = async (prefix: string) =>
    database.db
      .selectFrom("appointment")
      .select(["retell_call_id", "calcom_booking_uid"])
      .where("company_id", "=", salon.id)
      .where("retell_call_id", "like", `${prefix}%`)
      .execute();
  const simulatorBookings = async () => {
    const res = await fetch(`${simulator.url}/_simulator/bookings`);
    return ((await res.json()) as { data: SimBookingView[] }).data;
  };

  it("200 bookings, identical pairs sent to two instances at once: no double booking, one appointment each", async () => {
    // 50 pairs (the same call and slot to instances i and i+1 together) and 100 single bookings.
    const pairs = Array.from({ length: 50 }, (_, i) => booking(`mi-pair-${i}`));
    const singles = Array.from({ length: 100 }, (_, i) => booking(`mi-single-${i}`));
    const requests = [...pairs.flatMap((p) => [p, p]), ...singles];
    const answers = await sendAll(requests, 24);
    expect(answers.map((a) => a?.status)).toEqual(requests.map(() => 200));

    await waitUntil(async () => (await appointmentsOfCalls("mi-")).length >= 150, 20_000);
    const rows = await appointmentsOfCalls("mi-");
    const perCall = countBy(rows.map((r) => r.retell_call_id!));
    expect(Object.keys(perCall)).toHaveLength(150);
    expect(Object.values(perCall).every((n) => n === 1)).toBe(true);

    const ours = (await simulatorBookings()).filter(
      (b) => b.status !== "cancelled" && b.attendee.name === "Maria Muster",
    );
    // One Cal.com booking per call, and never two for one host at one time.
    expect(ours).toHaveLength(150);
    const hostTimes = ours.flatMap((b) => b.hostUserIds.map((h) => `${h}@${b.start}`));
    expect(new Set(hostTimes).size).toBe(hostTimes.length);
    expect(new Set(rows.map((r) => r.calcom_booking_uid))).toEqual(new Set(ours.map((b) => b.uid)));
  }, 40_000);

  it("1,000 Cal.com deliveries, duplicates among them, spread over the instances: each applied once", async () => {
    const uids = Array.from({ length: 600 }, (_, i) => `mi-hook-${i}`);
    const firsts = uids.map((uid, i) => delivery(uid, i));
    // 400 resends of bodies already sent (the same delivery twice), interleaved with the rest.
    const requests: Sent[] = [];
    firsts.forEach((d, i) => {
      requests.push(d);
      if (i % 3 !== 2) requests.push(firsts[Math.max(0, i - 1)]!);
    });
    expect(requests).toHaveLength(1000);
    const answers = await sendAll(requests, 30);
    expect(answers.filter((a) => a?.status === 200)).toHaveLength(1000);

    const rows = await database.db
      .selectFrom("appointment")
      .select("calcom_booking_uid")
      .where("company_id", "=", salon.id)
      .where("calcom_booking_uid", "like", "mi-hook-%")
      .execute();
    expect(rows).toHaveLength(600);
    expect(new Set(rows.map((r) => r.calcom_booking_uid))).toEqual(new Set(uids));
    // One delivery row per distinct delivery (the duplicates were recognised, not stored again).
    const inbox = await database.db
      .selectFrom("inbox_event")
      .select("payload")
      .where("company_id", "=", salon.id)
      .where("provider", "=", "calcom")
      .where("payload", "like", '%"mi-hook-%')
      .execute();
    expect(inbox).toHaveLength(600);
  }, 40_000);

  it("one instance killed mid-run: every answered request is stored, resent ones too", async () => {
    const victim = instances[2]!;
    const bookings = Array.from({ length: 60 }, (_, i) => booking(`mk-book-${i}`));
    const uids = Array.from({ length: 240 }, (_, i) => `mk-hook-${i}`);
    const hooks = uids.map((uid, i) => delivery(uid, 10_000 + i));
    // Interleaved: one booking to four deliveries.
    const requests: Sent[] = [];
    hooks.forEach((h, i) => {
      requests.push(h);
      if (i % 4 === 3) requests.push(bookings[(i - 3) / 4]!);
    });
    let sent = 0;
    let killed: Promise<void> | null = null;
    const answers = await sendAll(requests, 12, (i) => {
      sent += 1;
      if (sent === Math.floor(requests.length / 3)) killed = victim.kill("SIGKILL");
      return i % 3;
    });
    await killed;
    expect(killed).not.toBeNull();
    const failed = requests.filter((_, i) => answers[i] === null);
    const answered = requests.filter((_, i) => answers[i] !== null);
    // Only the killed instance's requests failed, and some did: the kill was mid-run.
    expect(failed.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a !== null).every((a) => a!.status === 200)).toBe(true);

    // What got an answer is stored: deliveries at once, bookings once settled.
    const answeredUids = hooks.filter((h) => answered.includes(h)).map((h) => uidOf(h.body));
    const stored = async (list: string[]) =>
      (
        await database.db
          .selectFrom("appointment")
          .select("calcom_booking_uid")
          .where("company_id", "=", salon.id)
          .where("calcom_booking_uid", "in", list)
          .execute()
      ).length;
    expect(await stored(answeredUids)).toBe(answeredUids.length);

    // Resent to the live instances, as a caller that saw no answer would (Retell and Cal.com do
    // not: for deliveries, reconciliation would pick the rest up).
    const again = await Promise.all(failed.map((r, i) => send(instances[i % 2]!, r)));
    expect(again.map((a) => a?.status)).toEqual(failed.map(() => 200));
    expect(await stored(uids)).toBe(uids.length);
    // A booking the killed server had started is taken over by the settler of a live one.
    await waitUntil(async () => (await appointmentsOfCalls("mk-book-")).length >= 60, 30_000);
    const perCall = countBy((await appointmentsOfCalls("mk-book-")).map((r) => r.retell_call_id!));
    expect(Object.keys(perCall)).toHaveLength(60);
    expect(Object.values(perCall).every((n) => n === 1)).toBe(true);
    const ours = (await simulatorBookings()).filter(
      (b) => b.status !== "cancelled" && b.attendee.name === "Maria Muster",
    );
    expect(ours).toHaveLength(150 + 60);
  }, 60_000);
});

interface SimBookingView {
  uid: string;
  status: string;
  start: string;
  hostUserIds: number[];
  attendee: { name: string };
}

const uidOf = (body: string) => (JSON.parse(body) as { payload: { uid: string } }).payload.uid;

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

async function waitUntil(test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
