import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/domain/ports/store.ts";
import { makeSyncServiceHosts } from "../../src/features/sync/sync-service-hosts.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import {
  newCompany,
  newEventType,
  newHost,
  newHostMapping,
  newStaff,
} from "../support/factories.ts";
import { storeFor } from "../support/fixtures.ts";

/**
 * Host matching reads, decides and then writes: an admin who maps the same staff member in
 * between makes the write conflict. The run then reads and matches again, and succeeds.
 */
describe.each(testEngines())("host matching racing an admin on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());

  it("matches again after a conflicting mapping instead of failing the run", async () => {
    const store = storeFor(database);
    const company = await newCompany(store);
    const anna = await newStaff(store, company, { name: "Anna Berg", email: "anna@salon.test" });
    const byEmail = await newHost(store, company, { name: "Anna B.", email: "anna@salon.test" });
    const other = await newHost(store, company, { name: "Zoe Quast", email: "zoe@other.test" });
    await newEventType(store, company, { hosts: [byEmail, other] });

    // The admin maps Anna to the other host right after the run has read the mappings.
    let reads = 0;
    const racing: Store = {
      ...store,
      hostMappings: {
        ...store.hostMappings,
        async list(companyId) {
          const mappings = await store.hostMappings.list(companyId);
          if (++reads === 1) await newHostMapping(store, company, other, anna);
          return mappings;
        },
      },
    };
    const sync = makeSyncServiceHosts({
      store: racing,
      syncTeam: async () => {
        throw new Error("not fetched in this test");
      },
      clock: systemClock,
    });

    const result = await sync(
      { company, actor: { type: "cli" } },
      { trigger: "cli", fetch: false },
    );

    expect(reads).toBe(2);
    expect(result.run.status).toBe("succeeded");
    const mappings = await store.hostMappings.list(company.id);
    expect(mappings.filter((m) => m.staffId === anna.id && m.status === "active")).toEqual([
      expect.objectContaining({ calcomUserId: other.calcomUserId, source: "manual" }),
    ]);
    expect(mappings.find((m) => m.calcomUserId === byEmail.calcomUserId)?.status).not.toBe(
      "active",
    );
  });
});
