import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "./database.ts";
import {
  newAppointment,
  newCompany,
  newEventType,
  newHost,
  newHostMapping,
  newPhoneNumber,
  newService,
  newStaff,
} from "./factories.ts";
import { storeFor } from "./fixtures.ts";

describe.each(testEngines())("test factories on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database);
  });
  afterAll(() => database.drop());

  /** One of each, as a test would build them. */
  async function buildSalon(company: Company) {
    const staff = await newStaff(store, company);
    const anna = await newHost(store, company, { name: "Anna Schmidt" });
    const jorg = await newHost(store, company);
    const eventType = await newEventType(store, company, {
      title: "Damenhaarschnitt",
      hosts: [{ host: anna, mandatory: true }, jorg],
    });
    const service = await newService(store, company, { calcomEventTypeId: eventType.eventTypeId });
    const mapping = await newHostMapping(store, company, jorg, staff);
    const appointment = await newAppointment(store, company, {
      serviceId: service.id,
      staffId: staff.id,
      calcomUserId: jorg.calcomUserId,
      eventTypeId: eventType.eventTypeId,
    });
    const phone = await newPhoneNumber(store, company);
    return { staff, anna, jorg, eventType, service, mapping, appointment, phone };
  }

  it("builds a company with defaults, and a unique slug per call", async () => {
    const one = await newCompany(store);
    const two = await newCompany(store, { name: "Salon Beispiel" });
    expect(one).toMatchObject({ timezone: "Europe/Berlin", locale: "de", country: "DE" });
    expect(two.name).toBe("Salon Beispiel");
    expect(one.slug).not.toBe(two.slug);
    expect(await store.companies.findBySlug(two.slug)).toMatchObject({ id: two.id });
  });

  it("stores one of each, and a second company never sees the first's rows", async () => {
    const a = await newCompany(store);
    const b = await newCompany(store);
    const salon = await buildSalon(a);
    const other = await buildSalon(b);

    expect(await store.staff.list(a.id)).toEqual([salon.staff]);
    expect(await store.services.findById(a.id, salon.service.id)).toMatchObject({
      calcomEventTypeId: salon.eventType.eventTypeId,
    });
    expect(salon.eventType).toMatchObject({
      companyId: a.id,
      title: "Damenhaarschnitt",
      schedulingType: "roundRobin",
      problems: [],
      notices: ["mandatory_hosts"],
      removedAt: null,
    });
    // A second host did not unmirror the first; both are hosts of the event type.
    const hosts = await store.calcomMirror.listHosts(a.id);
    expect(hosts.map((h) => [h.name, h.eventTypeIds, h.fixedIn])).toEqual([
      ["Anna Schmidt", [salon.eventType.eventTypeId], [salon.eventType.eventTypeId]],
      [salon.jorg.name, [salon.eventType.eventTypeId], []],
    ]);
    expect(salon.jorg).toMatchObject({ accepted: true, role: "MEMBER" });
    expect(salon.jorg.email).toMatch(/@salon\.test$/);
    expect(await store.hostMappings.find(a.id, salon.jorg.calcomUserId)).toEqual(salon.mapping);
    expect(await store.appointments.findByUid(a.id, salon.appointment.bookingUid)).toEqual(
      salon.appointment,
    );
    expect(await store.phoneNumbers.findByNumber(salon.phone.number)).toMatchObject({
      companyId: a.id,
    });

    // Tenant-scoped: B sees its own rows only, and none of A's by id.
    expect(await store.staff.list(b.id)).toEqual([other.staff]);
    expect(await store.staff.findById(b.id, salon.staff.id)).toBeNull();
    expect(await store.services.findById(b.id, salon.service.id)).toBeNull();
    expect((await store.calcomMirror.listEventTypes(b.id)).map((e) => e.eventTypeId)).toEqual([
      other.eventType.eventTypeId,
    ]);
    expect(await store.calcomMirror.findEventType(b.id, salon.eventType.eventTypeId)).toBeNull();
    expect(await store.calcomMirror.findHost(b.id, salon.jorg.calcomUserId)).toBeNull();
    expect(await store.hostMappings.list(b.id)).toEqual([other.mapping]);
    expect(await store.appointments.findById(b.id, salon.appointment.id)).toBeNull();
    expect(await store.phoneNumbers.list(b.id)).toEqual([other.phone]);
    // Building B's mirror left A's as it was.
    expect(await store.calcomMirror.listHosts(a.id)).toEqual(hosts);
  });

  it("refuses to add to a mirror something else built, rather than unmirror it", async () => {
    const company = await newCompany(store);
    const synced = await newCompany(store);
    await store.calcomMirror.applyTeamSnapshot(
      synced.id,
      {
        eventTypes: [
          {
            ...(await newEventType(store, company)),
            teamId: 1001,
            hosts: [],
          },
        ],
        members: [],
      },
      new Date().toISOString(),
    );
    await expect(newHost(store, synced)).rejects.toThrow(/did not make/);
    expect(await store.calcomMirror.listEventTypes(synced.id)).toHaveLength(1);
  });

  it("marks an event type without hosts as not bookable, as a team sync would", async () => {
    const company = await newCompany(store);
    expect(await newEventType(store, company, { schedulingType: "collective" })).toMatchObject({
      schedulingType: "collective",
      problems: ["no_hosts"],
    });
  });
});
