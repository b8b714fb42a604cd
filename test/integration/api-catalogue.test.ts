import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, buildApi } from "../support/api-harness.ts";
import { testEngines } from "../support/database.ts";
import { newAppointment } from "../support/factories.ts";

/** Staff, services and event types through /api/v1; every answer is checked against the document. */
describe.each(testEngines())("API staff, services and event types on %s", (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await buildApi(engine);
  });
  afterAll(() => h.close());
  const salon = () => `/companies/${h.salon.id}`;

  it("lists, adds and changes staff; another company's staff id is not found", async () => {
    const list = await h.call(h.tokens.salonRead, "get", `${salon()}/staff`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe((await h.store.staff.list(h.salon.id)).length);
    const added = await h.call(h.tokens.salonWrite, "post", `${salon()}/staff`, {
      name: "Jürgen Groß",
      email: "juergen@salon.example",
    });
    expect(added.status).toBe(201);
    const changed = await h.call(
      h.tokens.salonWrite,
      "patch",
      `${salon()}/staff/${added.body.id}`,
      {
        active: false,
      },
    );
    expect(changed.body).toMatchObject({ name: "Jürgen Groß", active: false });
    const brightStaff = (await h.store.staff.list(h.bright.id))[0]!;
    const foreign = await h.call(
      h.tokens.salonWrite,
      "patch",
      `${salon()}/staff/${brightStaff.id}`,
      {
        active: false,
      },
    );
    expect(foreign.status).toBe(404);
    expect((await h.store.staff.findById(h.bright.id, brightStaff.id))!.active).toBe(
      brightStaff.active,
    );
  });

  it("imports staff all or nothing, naming the bad line", async () => {
    const before = (await h.store.staff.list(h.salon.id)).length;
    const bad = await h.call(h.tokens.salonWrite, "post", `${salon()}/staff/import`, {
      text: "name,email,phone,active\nAnna Neu,anna.neu@salon.example,,true\nBernd,not-an-email,,true\n",
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain("3");
    expect((await h.store.staff.list(h.salon.id)).length).toBe(before);
    const good = await h.call(h.tokens.salonWrite, "post", `${salon()}/staff/import`, {
      text: "name,email,phone,active\nAnna Neu,anna.neu@salon.example,,true\n",
    });
    expect(good.status).toBe(200);
    expect(good.body.created).toBe(1);
  });

  it("lists services with coverage, creates one and links or unlinks its event type", async () => {
    const list = await h.call(h.tokens.salonRead, "get", `${salon()}/services`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const eventTypeId = list.body.items.find(
      (l: { service: { calcomEventTypeId: number | null } }) => l.service.calcomEventTypeId,
    ).service.calcomEventTypeId;
    const made = await h.call(h.tokens.salonWrite, "post", `${salon()}/services`, {
      name: "Strähnen per API",
      durationMinutes: 90,
    });
    expect(made.status).toBe(201);
    const linked = await h.call(
      h.tokens.salonWrite,
      "patch",
      `${salon()}/services/${made.body.id}`,
      {
        eventTypeId,
      },
    );
    expect(linked.body.calcomEventTypeId).toBe(eventTypeId);
    const unlinked = await h.call(
      h.tokens.salonWrite,
      "patch",
      `${salon()}/services/${made.body.id}`,
      {
        eventTypeId: null,
      },
    );
    expect(unlinked.body.calcomEventTypeId).toBeNull();
    const invalid = await h.call(h.tokens.salonWrite, "post", `${salon()}/services`, {
      name: "X",
      durationMinutes: 2,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues[0].where).toBe("$.durationMinutes");
  });

  it("deletes a staff member with their host mapping and an audit row; one with appointments stays (409)", async () => {
    const added = await h.call(h.tokens.salonWrite, "post", `${salon()}/staff`, {
      name: "Irrtum Eintrag",
      email: "irrtum@salon.example",
    });
    const staffId = added.body.id as string;
    const mapped = new Set(
      (await h.store.hostMappings.list(h.salon.id)).map((m) => m.calcomUserId),
    );
    const host = (await h.store.calcomMirror.listHosts(h.salon.id)).find(
      (x) => !mapped.has(x.calcomUserId),
    )!;
    const set = await h.call(
      h.tokens.salonWrite,
      "put",
      `/companies/${h.salon.id}/host-mappings/${host.calcomUserId}`,
      { staffId },
    );
    expect(set.status).toBe(200);

    const readOnly = await h.call(h.tokens.salonRead, "delete", `${salon()}/staff/${staffId}`);
    expect(readOnly.status).toBe(403);
    const brightStaff = (await h.store.staff.list(h.bright.id))[0]!;
    const foreign = await h.call(
      h.tokens.salonWrite,
      "delete",
      `${salon()}/staff/${brightStaff.id}`,
    );
    expect(foreign.status).toBe(404);
    const foreignByPath = await h.call(
      h.tokens.brightWrite,
      "delete",
      `${salon()}/staff/${staffId}`,
    );
    expect(foreignByPath.status).toBe(404);
    expect(await h.store.staff.findById(h.bright.id, brightStaff.id)).not.toBeNull();
    expect(await h.store.staff.findById(h.salon.id, staffId)).not.toBeNull();

    const deleted = await h.call(h.tokens.salonWrite, "delete", `${salon()}/staff/${staffId}`);
    expect(deleted.status).toBe(204);
    expect(await h.store.staff.findById(h.salon.id, staffId)).toBeNull();
    expect(await h.store.hostMappings.find(h.salon.id, host.calcomUserId)).toBeNull();
    const [audit] = await h.store.hostMappings.listAudit(h.salon.id, {
      calcomUserId: host.calcomUserId,
      limit: 1,
    });
    expect(audit).toMatchObject({ action: "unset", staffId, after: null });
    expect(audit!.reason).toMatch(/^staff member Irrtum Eintrag deleted by API token /);
    const again = await h.call(h.tokens.salonWrite, "delete", `${salon()}/staff/${staffId}`);
    expect(again.status).toBe(404);

    const kept = (await h.store.staff.list(h.salon.id)).find((s) => s.active)!;
    await newAppointment(h.store, h.salon, { staffId: kept.id });
    const refused = await h.call(h.tokens.salonWrite, "delete", `${salon()}/staff/${kept.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("set active to false");
    expect(await h.store.staff.findById(h.salon.id, kept.id)).not.toBeNull();
  });

  it("deletes a service; one with appointments or a booking still waiting for Cal.com stays (409)", async () => {
    const made = async (name: string) =>
      (
        await h.call(h.tokens.salonWrite, "post", `${salon()}/services`, {
          name,
          durationMinutes: 30,
        })
      ).body.id as string;
    const spare = await made("Versehen");
    const brightService = (await h.store.services.list(h.bright.id))[0]!;
    const foreign = await h.call(
      h.tokens.salonWrite,
      "delete",
      `${salon()}/services/${brightService.id}`,
    );
    expect(foreign.status).toBe(404);
    expect(await h.store.services.findById(h.bright.id, brightService.id)).not.toBeNull();
    const readOnly = await h.call(h.tokens.salonRead, "delete", `${salon()}/services/${spare}`);
    expect(readOnly.status).toBe(403);
    const deleted = await h.call(h.tokens.salonWrite, "delete", `${salon()}/services/${spare}`);
    expect(deleted.status).toBe(204);
    expect(await h.store.services.findById(h.salon.id, spare)).toBeNull();
    expect(
      (await h.call(h.tokens.salonWrite, "delete", `${salon()}/services/${spare}`)).status,
    ).toBe(404);

    const booked = await made("Mit Termin");
    await newAppointment(h.store, h.salon, { serviceId: booked });
    const withAppointment = await h.call(
      h.tokens.salonWrite,
      "delete",
      `${salon()}/services/${booked}`,
    );
    expect(withAppointment.status).toBe(409);
    expect(await h.store.services.findById(h.salon.id, booked)).not.toBeNull();

    const waiting = await made("Wartet");
    const now = new Date().toISOString();
    await h.store.bookingAttempts.insert(h.salon.id, {
      key: "k-api-delete-service",
      callId: "call-api-delete",
      serviceId: waiting,
      customerId: null,
      eventTypeId: 2001,
      start: new Date(Date.now() + 86_400_000).toISOString(),
      attendeeName: "Kim Kunde",
      attendeeEmail: "kim@example.de",
      attendeePhone: null,
      notes: null,
      startedAt: now,
      nextCheckAt: now,
    });
    const open = await h.call(h.tokens.salonWrite, "delete", `${salon()}/services/${waiting}`);
    expect(open.status).toBe(409);
    expect(open.body.error.message).toContain("still waiting");
    // Its outcome known (the attempt settled), the service can go, the finished attempt with it.
    await h.store.bookingAttempts.release(h.salon.id, "k-api-delete-service");
    expect(
      (await h.call(h.tokens.salonWrite, "delete", `${salon()}/services/${waiting}`)).status,
    ).toBe(204);
  });

  it("lists event types with bookability", async () => {
    const res = await h.call(h.tokens.salonRead, "get", `${salon()}/event-types`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(typeof res.body.items[0].bookableByPhone).toBe("boolean");
  });

  it("exercised every operation of these groups", () => {
    expect([
      ...h.unexercised("staff"),
      ...h.unexercised("services"),
      ...h.unexercised("event-types"),
    ]).toEqual([]);
  });
});
