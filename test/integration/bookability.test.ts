import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import type { VoiceContext } from "../../src/features/voice/context.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { signRetellBody } from "../../src/retell/signature.ts";
import {
  createSimulator,
  type RunningSimulator,
  startSimulator,
} from "../../src/simulator/index.ts";
import { assembleForTest, seedDemoTenants, simulatedCalcom } from "../support/app-features.ts";
import { bookabilityFixture, bookabilityServices } from "../support/bookability-fixture.ts";
import { cli } from "../support/cli.ts";
import {
  createTestDatabase,
  freshDatabaseUrl,
  type TestDatabase,
  testEngines,
} from "../support/database.ts";
import { testSecret } from "../support/fixtures.ts";
import { simulatorUser } from "../support/simulator-client.ts";

const retellKey = "key_retell_bookability";
const salonNumber = "+493012345670";

describe.each(testEngines())("bookability at team sync on %s", (engine) => {
  let database: TestDatabase;
  let app: ReturnType<typeof assembleForTest>;
  let http: Hono;
  let salon: Company;
  let ctx: TenantContext;
  const queries: string[] = [];
  const calcom = simulatedCalcom(bookabilityFixture());
  const user = simulatorUser(() => calcom.state.sim);

  beforeAll(async () => {
    database = await createTestDatabase(engine, { onQuery: (sql) => queries.push(sql) });
    app = assembleForTest(database, calcom.fetch);
    ({ salon } = await seedDemoTenants(app));
    ctx = { company: salon, actor: { type: "cli" } };
    for (const s of bookabilityServices) await app.useCases.service.createService(ctx, s);
    http = createHttpApp({
      health: app.health,
      metrics: createMetrics(),
      logger: createLogger({ level: "silent" }),
      useCases: app.useCases,
      retellApiKey: retellKey,
    });
  });
  afterAll(() => database.drop());

  const voice = (callId: string): VoiceContext => ({
    company: salon,
    actor: { type: "voice", callId },
    call: { callId, fromNumber: "+4915100000077", toNumber: salonNumber, agentId: null },
  });

  async function retellFunction(name: string, args: Record<string, unknown>) {
    const body = JSON.stringify({
      name,
      call: { call_id: "call_bk", agent_id: "agent_1", to_number: salonNumber },
      args,
    });
    const res = await http.request("/webhooks/retell/functions", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-retell-signature": signRetellBody(body, retellKey, Date.now()),
      },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { ok: boolean; message: string; data: Record<string, unknown> };
  }

  it("mirrors each event type's problems, notices and confirmation", async () => {
    const mirrored = await app.store.calcomMirror.listEventTypes(salon.id);
    const facts = Object.fromEntries(
      mirrored.map((e) => [e.title, [e.requiresConfirmation, e.problems, e.notices]]),
    );
    expect(facts).toEqual({
      "Abo-Schnitt": [false, ["recurring"], []],
      Bartpflege: [false, [], []],
      Beratung: [false, ["no_hosts"], []],
      Farbberatung: [true, [], ["requires_confirmation", "mandatory_hosts"]],
      Färben: [false, [], []],
      Filialvorlage: [false, ["managed_parent"], []],
      Haarschnitt: [false, [], []],
      Hochzeitsfrisur: [false, ["required_booking_fields"], []],
      Workshop: [false, ["seated"], []],
    });
  });

  it("updates them when the event type changes in Cal.com, and back", async () => {
    const original = calcom.state.sim;
    try {
      calcom.state.sim = createSimulator(
        bookabilityFixture((types) => {
          const farb = types.find((t) => t.id === 2011)!;
          farb.requiresConfirmation = false;
          farb.hosts = [{ userId: 501 }, { userId: 502 }];
          const hochzeit = types.find((t) => t.id === 2012)!;
          hochzeit.bookingFields = [
            { slug: "hochzeitsdatum", type: "text", label: "Datum", required: false },
          ];
        }),
      );
      expect((await app.useCases.sync.syncTeam(ctx, { trigger: "cli" })).status).toBe("succeeded");
      const changed = await app.store.calcomMirror.findEventType(salon.id, 2011);
      expect([changed?.requiresConfirmation, changed?.notices]).toEqual([false, []]);
      expect((await app.store.calcomMirror.findEventType(salon.id, 2012))?.problems).toEqual([]);
      expect(
        (await app.useCases.voice.listVoiceServices(voice("call-upd"))).services.map((s) => s.name),
      ).toContain("Hochzeitsfrisur");
    } finally {
      calcom.state.sim = original;
    }
    expect((await app.useCases.sync.syncTeam(ctx, { trigger: "cli" })).status).toBe("succeeded");
    expect((await app.store.calcomMirror.findEventType(salon.id, 2012))?.problems).toEqual([
      "required_booking_fields",
    ]);
    expect((await app.store.calcomMirror.findEventType(salon.id, 2011))?.notices).toEqual([
      "requires_confirmation",
      "mandatory_hosts",
    ]);
  });

  it("carries each service's bookability in the services read and in sync-service-hosts", async () => {
    const services = await app.store.services.list(salon.id);
    const of = (name: string) => services.find((s) => s.name === name)!;
    expect(of("Workshop").bookability).toEqual({ problems: ["seated"], notices: [] });
    expect(of("Haarschnitt").bookability).toEqual({ problems: [], notices: [] });
    expect(of("Kopfmassage").bookability).toBeNull();
    expect((await app.store.services.findById(salon.id, of("Workshop").id))?.bookability).toEqual({
      problems: ["seated"],
      notices: [],
    });

    const result = await app.useCases.sync.syncServiceHosts(ctx, { trigger: "cli" });
    const line = (name: string) => result.services.find((s) => s.name === name);
    expect(line("Hochzeitsfrisur")).toMatchObject({
      eventTypeId: 2012,
      bookableByPhone: false,
      problems: ["required_booking_fields"],
    });
    expect(line("Farbberatung")).toMatchObject({
      bookableByPhone: true,
      problems: [],
      notices: ["requires_confirmation", "mandatory_hosts"],
    });
    expect(line("Haarschnitt")).toMatchObject({ bookableByPhone: true, problems: [] });
  });

  it("lists event types with hosts, mappings, services and bookability", async () => {
    const lines = await app.useCases.sync.listEventTypes(ctx);
    expect(lines.map((e) => e.id).sort()).toEqual([
      2001, 2002, 2003, 2004, 2011, 2012, 2013, 2014, 2015,
    ]);
    const farb = lines.find((e) => e.id === 2011)!;
    expect(farb).toEqual({
      id: 2011,
      title: "Farbberatung",
      slug: "farbberatung",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      hidden: false,
      removed: false,
      requiresConfirmation: true,
      chosenHosts: false,
      hosts: [
        {
          userId: 501,
          name: "Jörg Müller",
          email: "joerg.mueller@salon-beispiel.de",
          mandatory: true,
          mapped: true,
          mappingStatus: "active",
          staff: { id: expect.any(String), name: "Jörg Müller" },
        },
        expect.objectContaining({ userId: 502, mandatory: false, mapped: true }),
      ],
      services: [{ id: expect.any(String), name: "Farbberatung", active: true }],
      bookableByPhone: true,
      problems: [],
      notices: ["requires_confirmation", "mandatory_hosts"],
      syncedAt: expect.any(String),
    });
    expect(lines.find((e) => e.id === 2004)).toMatchObject({
      schedulingType: null,
      hosts: [],
      bookableByPhone: false,
      problems: ["no_hosts"],
    });
  });

  it("leaves services the agent cannot book out of list_services", async () => {
    const { services } = await app.useCases.voice.listVoiceServices(voice("call-list"));
    expect(services.map((s) => s.name).sort()).toEqual([
      "Bartpflege",
      "Farbberatung",
      "Färben",
      "Haarschnitt",
    ]);
  });

  it("says a service cannot be booked by phone, without asking Cal.com; warm, without SQL", async () => {
    const requests = calcom.state.sim.requests.length;
    const check = await app.useCases.voice.checkAvailability(voice("call-nb"), {
      service: "Hochzeitsfrisur",
      date: "2099-01-05",
    });
    expect(check).toEqual({
      kind: "not_bookable",
      service: "Hochzeitsfrisur",
      problems: ["required_booking_fields"],
      services: ["Bartpflege", "Farbberatung", "Färben", "Haarschnitt"],
    });
    const sql = queries.length;
    const again = await app.useCases.voice.checkAvailability(voice("call-nb"), {
      service: "workshop",
      date: "2099-01-05",
    });
    expect(again).toMatchObject({ kind: "not_bookable", service: "Workshop" });
    expect(queries.length - sql).toBe(0);

    const booking = await app.useCases.voice.bookAppointment(voice("call-nb"), {
      service: "Abo-Schnitt",
      start: "2099-01-05T10:00:00+01:00",
      customer_name: "Maria Muster",
    });
    expect(booking).toMatchObject({ kind: "not_bookable", problems: ["recurring"] });
    expect(calcom.state.sim.requests.length).toBe(requests);
    // A bookable one still is.
    const slot = await user.firstSlot(2011);
    expect(
      await app.useCases.voice.checkAvailability(voice("call-nb"), {
        service: "Farbberatung",
        date: slot,
      }),
    ).toMatchObject({ kind: "available" });
  });

  it("speaks it in the company's language, without codes", async () => {
    const check = await retellFunction("check_availability", {
      service: "Filialvorlage",
      date: "morgen",
    });
    expect(check).toEqual({
      ok: false,
      message:
        "Diesen Termin kann ich am Telefon leider nicht buchen, bitte buchen Sie ihn online. Telefonisch geht Bartpflege, Farbberatung, Färben oder Haarschnitt.",
      data: {
        available: false,
        bookable_by_phone: false,
        services: ["Bartpflege", "Farbberatung", "Färben", "Haarschnitt"],
      },
    });
    const book = await retellFunction("book_appointment", {
      service: "Workshop",
      start: "morgen um 10 Uhr",
      customer_name: "Maria Muster",
    });
    expect(book.ok).toBe(false);
    expect(book.message).toMatch(/^Diesen Termin kann ich am Telefon leider nicht buchen/);
    expect(book.data).toMatchObject({ booked: false, bookable_by_phone: false });
    const listed = await retellFunction("list_services", {});
    expect(listed.message).not.toMatch(/Workshop|Hochzeitsfrisur|Abo-Schnitt|Filialvorlage/);
    expect(JSON.stringify([check, book, listed])).not.toMatch(/seated|managed|recurring|problem/);
  });
});

describe.each(testEngines())("event-types list and sync-service-hosts on the CLI, %s", (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator(bookabilityFixture());
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = {
      DATABASE_URL: fresh.url,
      FRONTDESK_SECRET: testSecret,
      FRONTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), "frontdesk-bookability-")),
    };
    await cli(["migrate"], env);
    const created = await cli(
      [
        "company",
        "create",
        "--name",
        "Salon",
        "--slug",
        "salon",
        "--calcom-base-url",
        sim.url,
        "--calcom-team-id",
        "1001",
        "--calcom-api-key",
        "cal_test_salon_beispiel",
      ],
      env,
    );
    expect(created.code).toBe(0);
    const staff = join(env.FRONTDESK_DATA_DIR!, "staff.csv");
    writeFileSync(staff, demoCompanies[0]!.staffCsv);
    expect((await cli(["staff", "import", "--company", "salon", staff], env)).code).toBe(0);
    expect((await cli(["sync-teams", "--company", "salon"], env)).code).toBe(0);
    for (const s of [
      { name: "Haarschnitt", id: 2001 },
      { name: "Workshop", id: 2013 },
    ]) {
      const made = await cli(
        [
          "service",
          "create",
          "--company",
          "salon",
          "--name",
          s.name,
          "--duration",
          "30",
          "--event-type-id",
          String(s.id),
        ],
        env,
      );
      expect(made.code).toBe(0);
    }
  });
  afterAll(async () => {
    await sim.close();
    await cleanup();
  });

  it("prints the event types as one JSON document", async () => {
    const run = await cli(["event-types", "list", "--company", "salon", "--json"], env);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { eventTypes: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(["eventTypes"]);
    const byId = new Map(doc.eventTypes.map((e) => [e.id, e]));
    expect(byId.get(2013)).toMatchObject({
      title: "Workshop",
      schedulingType: "collective",
      removed: false,
      bookableByPhone: false,
      problems: ["seated"],
      notices: [],
      services: [{ name: "Workshop", active: true }],
    });
    expect(byId.get(2011)).toMatchObject({
      bookableByPhone: true,
      problems: [],
      notices: ["requires_confirmation", "mandatory_hosts"],
      hosts: [
        { userId: 501, name: "Jörg Müller", mandatory: true },
        { userId: 502, name: "Anna Schmidt", mandatory: false },
      ],
    });
    for (const e of doc.eventTypes) {
      expect(Object.keys(e)).toEqual([
        "id",
        "title",
        "slug",
        "lengthInMinutes",
        "schedulingType",
        "hidden",
        "removed",
        "requiresConfirmation",
        "chosenHosts",
        "hosts",
        "services",
        "bookableByPhone",
        "problems",
        "notices",
        "syncedAt",
      ]);
    }
  });

  it("prints a readable table with the reasons in words", async () => {
    const run = await cli(["event-types", "list", "--company", "salon"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^ID\s+TITLE\s+MIN\s+SCHEDULING\s+HOSTS\s+MAPPED\s+PHONE\s+SERVICES/,
    );
    expect(run.stdout).toMatch(/2013\s+Workshop\s+120\s+collective\s+2\s+\d\s+no\s+Workshop/);
    expect(run.stdout).toContain(
      "2013 Workshop: not bookable by phone: a seated event type (several attendees share one time)",
    );
    expect(run.stdout).toContain(
      "2011 Farbberatung: needs confirmation by the business; fixed host: Jörg Müller",
    );
  });

  it("marks each service line of sync-service-hosts --json", async () => {
    const run = await cli(["sync-service-hosts", "--company", "salon", "--json"], env);
    expect(run.code).toBe(0);
    const services = JSON.parse(run.stdout).services as Record<string, unknown>[];
    expect(services.find((s) => s.name === "Workshop")).toMatchObject({
      eventTypeId: 2013,
      bookableByPhone: false,
      problems: ["seated"],
    });
    expect(services.find((s) => s.name === "Haarschnitt")).toMatchObject({
      bookableByPhone: true,
      problems: [],
    });
    const text = await cli(["sync-service-hosts", "--company", "salon"], env);
    expect(text.stdout).toContain("not bookable by phone: Workshop:");
  });
});
