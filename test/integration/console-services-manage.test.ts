import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Service } from "../../src/domain/entities.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consoleFixture,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

/** The console's fixture with event types no service uses: one per salon, one too short. */
function fixtureWithUnusedEventTypes() {
  const fixture = consoleFixture();
  const team = (id: number) => fixture.teams.find((t) => t.id === id)!;
  const eventType = (id: number, title: string, lengthInMinutes: number) => ({
    id,
    title,
    slug: title.toLowerCase(),
    lengthInMinutes,
    schedulingType: "roundRobin" as const,
    hosts: [{ userId: id < 4100 ? 501 : 601 }],
  });
  team(1001).eventTypes.push(eventType(4001, "Glossing", 45), eventType(4002, "Blitz", 2));
  team(1002).eventTypes.push(eventType(4101, "Whitening", 30));
  return fixture;
}

const en = { "accept-language": "en" };
const de = { "accept-language": "de" };

describe.each(testEngines())("console: managing services on %s", (engine) => {
  let h: ConsoleHarness;
  let admin: ConsoleClient;
  let haarschnitt: Service;
  let checkup: Service;
  const base = () => `/admin/companies/${h.salon.id}/services`;
  const services = (companyId: string) => h.store.services.list(companyId);

  beforeAll(async () => {
    h = await buildConsole(engine, { fixture: fixtureWithUnusedEventTypes() });
    haarschnitt = (await services(h.salon.id)).find((s) => s.name === "Haarschnitt")!;
    checkup = (await services(h.bright.id)).find((s) => s.name === "Check-up")!;
    admin = consoleClient(h.http);
    await admin.login(logins.platform, consolePassword);
  });
  afterAll(() => h.close());

  it("lists the company's own event types that no service uses, in both languages", async () => {
    const { html, status } = await admin.page(base(), en);
    expect(status).toBe(200);
    const section = html.slice(html.indexOf('id="unused-event-types"'));
    expect(section).toContain("Event types without a service");
    expect(section).toContain("Glossing");
    expect(section).toContain("#4001");
    // Used by a service, or another company's.
    expect(section).not.toContain("#2001");
    expect(section).not.toContain("Whitening");
    expect(section).toContain('name="_csrf"');
    const german = await admin.page(base(), de);
    expect(german.html).toContain("Termintypen ohne Leistung");
    expect(german.html).toContain("Leistung anlegen");
  });

  it("creates a service from an event type in one click: its title, length and link", async () => {
    await admin.page(base(), en);
    const res = await admin.post(base(), { eventTypeId: "4001" });
    expect(res.status).toBe(303);
    const created = (await services(h.salon.id)).find((s) => s.calcomEventTypeId === 4001)!;
    expect(created).toMatchObject({ name: "Glossing", durationMinutes: 45, active: true });
    expect(res.res.headers.get("location")).toBe(`${base()}/${created.id}?created`);
    const page = await admin.page(`${base()}/${created.id}?created`, en);
    expect(page.html).toContain("Service created from the event type");
    const list = await admin.page(base(), en);
    expect(list.html.slice(list.html.indexOf('id="unused-event-types"'))).not.toContain("#4001");
  });

  it("refuses a second service for the same event type in place, in the user's language", async () => {
    const count = (await services(h.salon.id)).length;
    await admin.page(base(), de);
    const res = await admin.post(base(), { eventTypeId: "4001" }, de);
    expect(res.status).toBe(409);
    expect(res.html).toContain("Termintypen ohne Leistung");
    expect(res.html).toContain('class="notice');
    expect((await services(h.salon.id)).length).toBe(count);
  });

  it("refuses an event type whose length no service may have, and writes nothing", async () => {
    const count = (await services(h.salon.id)).length;
    const res = await admin.post(base(), { eventTypeId: "4002" }, en);
    expect(res.status).toBe(422);
    expect(res.html).toContain("Event types without a service");
    expect((await services(h.salon.id)).length).toBe(count);
  });

  it("answers 404 for another company's event type or nonsense, and 403 without CSRF", async () => {
    const count = (await services(h.salon.id)).length;
    for (const id of ["4101", "2101", "abc", "", "99999999999999999999"]) {
      expect([id, (await admin.post(base(), { eventTypeId: id })).status]).toEqual([id, 404]);
    }
    expect((await admin.post(base(), { eventTypeId: "4101", _csrf: "forged" })).status).toBe(403);
    expect((await services(h.salon.id)).length).toBe(count);
    expect((await services(h.bright.id)).some((s) => s.calcomEventTypeId === 4101)).toBe(false);
  });

  it("edits name, duration, price and event type", async () => {
    const page = await admin.page(`${base()}/${haarschnitt.id}`, de);
    expect(page.html).toContain('value="35"');
    expect(page.html).toContain("Preis (EUR)");
    const res = await admin.post(`${base()}/${haarschnitt.id}`, {
      name: "Haarschnitt kurz",
      durationMinutes: "40",
      price: "42,50",
      eventTypeId: "2001",
    });
    expect(res.status).toBe(303);
    expect(await h.store.services.findById(h.salon.id, haarschnitt.id)).toMatchObject({
      name: "Haarschnitt kurz",
      durationMinutes: 40,
      priceCents: 4250,
      calcomEventTypeId: 2001,
    });
    expect((await admin.page(`${base()}/${haarschnitt.id}`, en)).html).toContain('value="42.50"');
  });

  it("refuses bad input in place, keeps what was typed, and changes nothing", async () => {
    const before = await h.store.services.findById(h.salon.id, haarschnitt.id);
    const cases: [Record<string, string>, string][] = [
      [{ price: "zehn" }, "Der Preis muss ein Betrag in Euro sein"],
      [{ price: "-5" }, "Der Preis muss ein Betrag in Euro sein"],
      [{ durationMinutes: "3" }, "durationMinutes"],
      [{ name: "x".repeat(300) }, "name"],
      [{ eventTypeId: "2101" }, "eventTypeId"],
      [{ eventTypeId: "<script>" }, "eventTypeId"],
    ];
    for (const [patch, message] of cases) {
      const form = {
        name: "Getippt",
        durationMinutes: "25",
        price: "12",
        eventTypeId: "2001",
        ...patch,
      };
      const res = await admin.post(`${base()}/${haarschnitt.id}`, form, de);
      expect([patch, res.status]).toEqual([patch, 422]);
      expect(res.html).toContain(message);
      expect(res.html).toContain(`value="${form.durationMinutes}"`);
      if (!patch.name) expect(res.html).toContain('value="Getippt"');
      expect(res.html).not.toContain("<script>");
    }
    expect(await h.store.services.findById(h.salon.id, haarschnitt.id)).toEqual(before);
  });

  it("asks before deactivating, then deactivates and reactivates", async () => {
    const ask = await admin.page(`${base()}/${haarschnitt.id}/active`, en);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain("Deactivate Haarschnitt kurz?");
    expect(ask.html).toContain('name="active" value="false"');
    expect((await h.store.services.findById(h.salon.id, haarschnitt.id))!.active).toBe(true);
    const off = await admin.post(`${base()}/${haarschnitt.id}/active`, { active: "false" });
    expect(off.status).toBe(303);
    expect(off.res.headers.get("location")).toContain("?deactivated");
    expect((await h.store.services.findById(h.salon.id, haarschnitt.id))!.active).toBe(false);
    const page = await admin.page(`${base()}/${haarschnitt.id}?deactivated`, de);
    expect(page.html).toContain("Leistung deaktiviert.");
    expect(page.html).toContain("Reaktivieren");
    // Submitting the same form twice changes nothing: the state is asked for, not toggled.
    await admin.post(`${base()}/${haarschnitt.id}/active`, { active: "false" });
    expect((await h.store.services.findById(h.salon.id, haarschnitt.id))!.active).toBe(false);
    const again = await admin.page(`${base()}/${haarschnitt.id}/active`, de);
    expect(again.html).toContain("Haarschnitt kurz reaktivieren?");
    await admin.post(`${base()}/${haarschnitt.id}/active`, { active: "true" });
    expect((await h.store.services.findById(h.salon.id, haarschnitt.id))!.active).toBe(true);
    expect(
      (await admin.post(`${base()}/${haarschnitt.id}/active`, { active: "maybe" })).status,
    ).toBe(400);
  });

  it("answers 404 for another company's service on every page and action", async () => {
    const foreign = `${base()}/${checkup.id}`;
    expect((await admin.page(foreign)).status).toBe(404);
    expect((await admin.page(`${foreign}/active`)).status).toBe(404);
    await admin.page(base());
    expect(
      (
        await admin.post(foreign, {
          name: "Stolen",
          durationMinutes: "30",
          price: "",
          eventTypeId: "",
        })
      ).status,
    ).toBe(404);
    expect((await admin.post(`${foreign}/active`, { active: "false" })).status).toBe(404);
    expect(await h.store.services.findById(h.bright.id, checkup.id)).toMatchObject({
      name: "Check-up",
      active: true,
    });
  });
});
