import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, buildApi } from "../support/api-harness.ts";
import { testEngines } from "../support/database.ts";

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
