import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../src/app/config.ts";
import { startDemo } from "../src/app/demo.ts";
import { createRateLimiter } from "../src/calcom/rate-limiter.ts";
import { createDatabase } from "../src/db/connect.ts";
import type { LoadReport, LoadSpec } from "./load.ts";
import type { BenchResult } from "./results-file.ts";

const retellKey = "key_bench_retell";
const concurrency = 50;

/**
 * The voice and webhook paths over real HTTP: the demo (server + Cal.com simulator at zero latency,
 * no rate limits), load from a second process at 50 concurrent requests.
 */
export async function benchVoice(databaseUrl: string): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "frontdesk-bench-voice-"));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    FRONTDESK_DATA_DIR: dataDir,
    RETELL_API_KEY: retellKey,
    LOG_LEVEL: "silent",
  });
  const demo = await startDemo(config, {
    port: 0,
    simulator: { rateLimitPerMinute: 1_000_000_000 },
    container: { calcomRateLimiter: createRateLimiter({ limit: 1_000_000_000 }) },
  });
  try {
    const salon = demo.companies[0]!;
    const today = new Date().toISOString().slice(0, 10);
    const until = new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 10);
    const slotsRes = await fetch(
      `${demo.simulator.url}/v2/slots?eventTypeId=2001&start=${today}&end=${until}`,
      {
        headers: { "cal-api-version": "2024-09-04" },
      },
    );
    const slots = Object.values(
      ((await slotsRes.json()) as { data: Record<string, { start: string }[]> }).data,
    )
      .flat()
      .map((s) => new Date(s.start).toISOString())
      .filter((s) => Date.parse(s) > Date.now() + 3_600_000);

    const fn = (i: number, name: string, args: Record<string, string>) => ({
      path: "/webhooks/retell/functions",
      body: JSON.stringify({
        name,
        call: {
          call_id: `bench-${name}-${i}`,
          agent_id: "agent_bench",
          to_number: "+493012345670",
          from_number: `+49151${String(10_000_000 + i)}`,
        },
        args,
      }),
    });
    const checks = Array.from({ length: 3000 }, (_, i) =>
      fn(i, "check_availability", { service: "Haarschnitt", date: slots[i % slots.length]! }),
    );
    const bookings = slots.slice(0, 400).map((start, i) =>
      fn(i, "book_appointment", {
        service: "Haarschnitt",
        start,
        customer_name: `Kundin ${letters(i)}`,
      }),
    );

    // Warm-up: JIT, connection pools and the slot cache, as on a server that has been running.
    await load({
      baseUrl: demo.server.url,
      concurrency,
      sign: { kind: "retell", apiKey: retellKey },
      requests: checks.slice(0, 500),
    });
    // One at a time: the server's own cost per call, without queueing.
    const checkOne = await load({
      baseUrl: demo.server.url,
      concurrency: 1,
      sign: { kind: "retell", apiKey: retellKey },
      requests: checks.slice(500, 1500),
    });
    const check = await load({
      baseUrl: demo.server.url,
      concurrency,
      sign: { kind: "retell", apiKey: retellKey },
      requests: checks,
    });
    const book = await load({
      baseUrl: demo.server.url,
      concurrency,
      sign: { kind: "retell", apiKey: retellKey },
      requests: bookings,
    });

    const uids = Array.from({ length: 3000 }, (_, i) => `bench-webhook-${i}-${Date.now()}`);
    const webhooks = uids.map((uid, i) => {
      const start = new Date(Date.now() + (i + 48) * 3_600_000).toISOString();
      return {
        path: `/webhooks/calcom/${salon.slug}`,
        body: JSON.stringify({
          triggerEvent: "BOOKING_CREATED",
          createdAt: new Date().toISOString(),
          payload: {
            uid,
            bookingId: 900_000 + i,
            eventTypeId: 2001,
            type: "haarschnitt",
            title: "Haarschnitt",
            startTime: start,
            endTime: new Date(Date.parse(start) + 1_800_000).toISOString(),
            status: "ACCEPTED",
            organizer: { id: 501, name: "Jörg Müller", email: "joerg.mueller@salon-beispiel.de" },
            attendees: [
              { name: `Webhook ${i}`, email: `webhook${i}@example.de`, timeZone: "Europe/Berlin" },
            ],
          },
        }),
      };
    });
    const hooks = await load({
      baseUrl: demo.server.url,
      concurrency,
      sign: { kind: "calcom", secret: salon.calcom.webhookSecret!.reveal() },
      requests: webhooks,
    });
    for (const [name, r] of Object.entries({ checkOne, check, book, hooks }))
      console.error(`  ${name}: ${JSON.stringify(r)}`);
    const database = createDatabase(databaseUrl);
    const voiceBooked = await database.db
      .selectFrom("appointment")
      .select("id")
      .where("retell_call_id", "like", "bench-book_appointment-%")
      .execute();
    const stored = await database.db
      .selectFrom("appointment")
      .select("calcom_booking_uid")
      .where("calcom_booking_uid", "in", uids)
      .execute();
    await database.close();

    const ok = (r: LoadReport) => r.statuses["200"] ?? 0;
    const booked = voiceBooked.length;
    return [
      {
        name: "voice.check_availability_p99_ms_sequential",
        value: checkOne.p99Ms,
        unit: "ms",
        target: "report",
        note: `one request at a time, p50 ${checkOne.p50Ms} ms: the server's cost per call without queueing`,
      },
      { name: "voice.check_availability_p50_ms", value: check.p50Ms, unit: "ms", target: "report" },
      {
        name: "voice.check_availability_p99_ms",
        value: check.p99Ms,
        unit: "ms",
        target: "<= 20",
        note: `${check.count} calls at ${concurrency} concurrent; ${ok(check)} answered 200`,
      },
      {
        name: "voice.calls_per_s",
        value: check.perSecond,
        unit: "per_s",
        target: ">= 500",
        note: "check_availability",
      },
      { name: "voice.book_appointment_p50_ms", value: book.p50Ms, unit: "ms", target: "report" },
      {
        name: "voice.book_appointment_p99_ms",
        value: book.p99Ms,
        unit: "ms",
        target: "<= 20",
        note: `${book.count} distinct bookings at ${concurrency} concurrent, ${booked} booked in the simulator and recorded`,
      },
      {
        name: "voice.book_appointment_per_s",
        value: book.perSecond,
        unit: "per_s",
        target: "report",
      },
      {
        name: "calcom_webhooks.per_s",
        value: hooks.perSecond,
        unit: "per_s",
        target: ">= 1000",
        note: `${hooks.count} BOOKING_CREATED deliveries at ${concurrency} concurrent; p99 ${hooks.p99Ms} ms`,
      },
      {
        name: "calcom_webhooks.lost",
        value: uids.length - stored.length,
        unit: "count",
        target: "== 0",
      },
    ];
  } finally {
    await demo.close();
  }
}

/** Names without digits: a digit in a name reads as a time to the voice path (lessons §12). */
function letters(n: number): string {
  let out = "";
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26))
    out = String.fromCharCode(97 + ((k - 1) % 26)) + out;
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function load(spec: LoadSpec): Promise<LoadReport> {
  const file = join(mkdtempSync(join(tmpdir(), "frontdesk-load-")), "spec.json");
  writeFileSync(file, JSON.stringify(spec));
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", resolve(import.meta.dirname, "load.ts"), file],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("close", (code) =>
      code === 0
        ? done(JSON.parse(out) as LoadReport)
        : fail(new Error(`load generator exited ${code}`)),
    );
  });
}
