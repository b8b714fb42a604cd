import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withZoneOffset } from "../../src/domain/datetime/index.ts";
import { demoFixture, type RunningSimulator, startSimulator } from "../../src/simulator/index.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";
import { testSecret } from "../support/fixtures.ts";

describe.each(testEngines())("reconcile-bookings and appointments list on %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sim: RunningSimulator;

  const create = (slug: string, key: string) =>
    cli(
      [
        "company",
        "create",
        "--name",
        `Company ${slug}`,
        "--slug",
        slug,
        "--calcom-base-url",
        sim.url,
        "--calcom-team-id",
        "1001",
        "--calcom-api-key",
        key,
      ],
      env,
    );

  beforeAll(async () => {
    sim = await startSimulator(demoFixture());
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = {
      DATABASE_URL: fresh.url,
      FRONTDESK_SECRET: testSecret,
      FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-cli-reconcile-")),
    };
    expect((await cli(["migrate"], env)).code).toBe(0);
    expect((await create("salon", "cal_test_salon_beispiel")).code).toBe(0);
    expect((await cli(["sync-teams", "--company", "salon"], env)).code).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    await cleanup();
  });

  const slot = async (eventTypeId: number) => {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(
      `${sim.url}/v2/slots?eventTypeId=${eventTypeId}&start=${day(1)}&end=${day(10)}`,
      { headers: { "cal-api-version": "2024-09-04" } },
    );
    const body = (await res.json()) as { data: Record<string, { start: string }[]> };
    return new Date(Object.values(body.data).flat()[0]!.start).toISOString();
  };

  it("repairs what a lost webhook missed and prints exactly the documented JSON", async () => {
    const booking = sim.control.publicBooking({
      eventTypeId: 2001,
      start: await slot(2001),
      attendee: { name: "Paula Public", email: "paula@example.de", phoneNumber: "+4915170000001" },
      webhook: false,
    });
    const run = await cli(["reconcile-bookings", "--company", "salon", "--json"], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      runs: [
        {
          company: "salon",
          status: "succeeded",
          checked: 1,
          created: 1,
          updated: 0,
          cancelled: 0,
          unchanged: 0,
          calcomRequests: 1,
          error: null,
        },
      ],
    });

    const listed = await cli(["appointments", "list", "--company", "salon", "--json"], env);
    expect(listed.code).toBe(0);
    const doc = JSON.parse(listed.stdout) as { appointments: Record<string, unknown>[] };
    expect(doc.appointments).toHaveLength(1);
    const [row] = doc.appointments;
    expect(Object.keys(row!)).toEqual([
      "id",
      "uid",
      "bookingId",
      "status",
      "start",
      "end",
      "serviceId",
      "serviceName",
      "staffId",
      "staffName",
      "calcomUserId",
      "needsMapping",
      "source",
      "customer",
      "callId",
      "rescheduledFromUid",
      "rescheduledToUid",
    ]);
    expect(row).toMatchObject({
      uid: booking.uid,
      bookingId: booking.id,
      status: "accepted",
      // The salon's zone, with its offset: 14:00 in Berlin is 14:00+01:00, not 13:00Z.
      start: withZoneOffset(booking.start, "Europe/Berlin"),
      end: withZoneOffset(booking.end, "Europe/Berlin"),
      serviceId: null,
      serviceName: null,
      staffId: null,
      staffName: null,
      calcomUserId: booking.hostUserId,
      needsMapping: true,
      source: "calcom",
      // The booking's own attendee; a public booking page is no verified caller number.
      customer: { name: "Paula Public", phone: null, email: "paula@example.de" },
      callId: null,
      rescheduledFromUid: null,
      rescheduledToUid: null,
    });
    expect(row!.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/);

    const text = await cli(["reconcile-bookings", "--company", "salon"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      "✓ salon: 1 checked, 0 created, 0 updated, 0 cancelled, 1 unchanged, 1 Cal.com requests",
    );
  });

  it("all connected companies by default; exit 1 when one of them failed", async () => {
    expect((await create("broken", "cal_wrong_key")).code).toBe(0);
    const run = await cli(["reconcile-bookings", "--json"], env);
    expect(run.code).toBe(1);
    const { runs } = JSON.parse(run.stdout) as { runs: Record<string, unknown>[] };
    expect(runs.map((r) => r.company).sort()).toEqual(["broken", "salon"]);
    expect(runs.find((r) => r.company === "salon")).toMatchObject({
      status: "succeeded",
      checked: 1,
      unchanged: 1,
      calcomRequests: 1,
      error: null,
    });
    const broken = runs.find((r) => r.company === "broken")!;
    expect(broken).toMatchObject({ status: "failed", checked: 0, calcomRequests: 1 });
    expect(String(broken.error)).toMatch(/401|unauthori[sz]ed|API key/i);
  });

  it("--since must be an ISO instant (exit 2)", async () => {
    const bad = await cli(["reconcile-bookings", "--since", "yesterday", "--json"], env);
    expect(bad.code).toBe(2);
    const since = new Date(Date.now() + 86_400_000).toISOString();
    const later = await cli(
      ["reconcile-bookings", "--company", "salon", "--since", since, "--json"],
      env,
    );
    expect(JSON.parse(later.stdout).runs[0]).toMatchObject({ status: "succeeded", checked: 0 });
  });
});
