import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/calcom/rate-limiter.ts";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import type { Company, TenantContext } from "../../src/domain/entities.ts";
import { Secret } from "../../src/domain/secret.ts";
import { makeCreateService } from "../../src/features/service/create-service.ts";
import { makeListEventTypes } from "../../src/features/sync/list-event-types.ts";
import { makeSyncTeam } from "../../src/features/sync/sync-team.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createSimulator, demoFixture } from "../../src/simulator/index.ts";
import { simulatedCalcom } from "../support/app-features.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { companyInput, storeFor } from "../support/fixtures.ts";

describe.each(testEngines())("chosen hosts in the team mirror on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;
  const calcom = simulatedCalcom(demoFixture());
  const reader = createCalcomTeamReader({
    fetch: calcom.fetch,
    sleep: async () => {},
    rateLimiter: createRateLimiter(),
  });
  let salon: Company;
  let syncTeam: ReturnType<typeof makeSyncTeam>;
  const ctx = (company: Company): TenantContext => ({ company, actor: { type: "cli" } });
  const flags = async () =>
    Object.fromEntries(
      (await store.calcomMirror.listEventTypes(salon.id)).map((e) => [
        e.eventTypeId,
        e.chosenHosts,
      ]),
    );

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database);
    salon = await store.companies.create(
      companyInput("salon", {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: 1001,
        calcomApiKey: new Secret("cal_test_salon_beispiel"),
      }),
    );
    syncTeam = makeSyncTeam({ store, calcom: reader, clock: systemClock, newId });
  });
  afterAll(() => database.drop());

  it("stores rrHostSubsetEnabled per event type and shows it where event types are read", async () => {
    expect((await syncTeam(ctx(salon), { trigger: "cli" })).status).toBe("succeeded");
    // The salon's round robins have it; Beratung (no scheduling type) does not.
    expect(await flags()).toEqual({ 2001: true, 2002: true, 2003: true, 2004: false });
    expect((await store.calcomMirror.findEventType(salon.id, 2001))?.chosenHosts).toBe(true);

    const lines = await makeListEventTypes(store)(ctx(salon));
    expect(lines.find((l) => l.id === 2001)?.chosenHosts).toBe(true);
    expect(lines.find((l) => l.id === 2004)?.chosenHosts).toBe(false);

    const service = await makeCreateService(store)(ctx(salon), {
      name: "Haarschnitt",
      durationMinutes: 30,
      eventTypeId: 2001,
    });
    expect((await store.serviceHosts.load(salon.id, service.id))?.eventType?.chosenHosts).toBe(
      true,
    );
  });

  it("follows the flag when Cal.com turns it off", async () => {
    const changed = demoFixture();
    changed.teams[0]!.eventTypes.find((e) => e.id === 2002)!.rrHostSubsetEnabled = false;
    const previous = calcom.state.sim;
    calcom.state.sim = createSimulator(changed);
    try {
      expect((await syncTeam(ctx(salon), { trigger: "cli" })).status).toBe("succeeded");
      expect(await flags()).toEqual({ 2001: true, 2002: false, 2003: true, 2004: false });
    } finally {
      calcom.state.sim = previous;
    }
  });
});
