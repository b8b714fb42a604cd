import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../../src/domain/entities.ts";
import { bookabilityFixture, bookabilityServices } from "../support/bookability-fixture.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consoleFixture,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

/** Whether the voice agent can book a service, and why not, on the console in both languages. */
describe.each(testEngines())("bookability on the console on %s", (engine) => {
  let h: ConsoleHarness;
  let admin: ConsoleClient;
  const serviceId: Record<string, string> = {};
  const en = { "accept-language": "en" };
  const de = { "accept-language": "de" };
  const refusedAt = "2026-11-20T09:30:00.000Z";

  beforeAll(async () => {
    h = await buildConsole(engine, { fixture: bookabilityFixture(() => {}, consoleFixture()) });
    const salon: TenantContext = { company: h.salon, actor: { type: "cli" } };
    for (const s of bookabilityServices) await h.useCases.service.createService(salon, s);
    await h.useCases.sync.syncServiceHosts(salon, { trigger: "cli" });
    for (const s of await h.store.services.list(h.salon.id)) serviceId[s.name] = s.id;
    // The refusal a booking got from Cal.com, as the booking path records it.
    await h.database.db
      .updateTable("service")
      .set({
        booking_problem_code: "invalid_contact",
        booking_problem_message: "Invalid phone number: +49 0000",
        booking_problem_at: refusedAt,
      })
      .where("id", "=", serviceId.Haarschnitt!)
      .execute();
    admin = consoleClient(h.http);
    await admin.login(logins.platform, consolePassword);
  });
  afterAll(() => h.close());

  const servicesPath = () => `/admin/companies/${h.salon.id}/services`;
  const servicePath = (name: string) => `${servicesPath()}/${serviceId[name]}`;
  /** The services table's row of one service. */
  const row = (html: string, name: string) => {
    const start = html.indexOf(`>${name}</a>`);
    return html.slice(start, html.indexOf("</tr>", start));
  };

  it("marks each service in the list: not bookable and why, confirmation, fixed host", async () => {
    const { html, status } = await admin.page(servicesPath(), en);
    expect(status).toBe(200);
    expect(row(html, "Workshop")).toContain("Not bookable by phone: the event type has seats");
    expect(row(html, "Abo-Schnitt")).toContain(
      "Not bookable by phone: the event type is recurring",
    );
    expect(row(html, "Filialvorlage")).toContain(
      "Not bookable by phone: the event type is a managed template",
    );
    expect(row(html, "Hochzeitsfrisur")).toContain(
      "Not bookable by phone: Cal.com asks for a required booking field the agent cannot fill",
    );
    expect(row(html, "Beratung")).toContain("Not bookable by phone: the event type has no hosts");
    const farb = row(html, "Farbberatung");
    expect(farb).toContain("Needs confirmation");
    expect(farb).toContain("Fixed host: Jörg Müller");
    expect(farb).not.toContain("Not bookable");
    expect(row(html, "Haarschnitt")).not.toContain("Not bookable");
    // A service without an event type says so, not "not bookable".
    expect(row(html, "Kopfmassage")).not.toContain("Not bookable");

    const german = (await admin.page(servicesPath(), de)).html;
    expect(row(german, "Workshop")).toContain(
      "Nicht telefonisch buchbar: der Termintyp hat Plätze",
    );
    expect(row(german, "Farbberatung")).toContain("Bestätigung nötig");
    expect(row(german, "Farbberatung")).toContain("Fester Host: Jörg Müller");
  });

  it("explains on the service page what blocks it and how to fix that", async () => {
    const { html } = await admin.page(servicePath("Hochzeitsfrisur"), en);
    expect(html).toContain(
      "Not bookable by phone: Cal.com asks for a required booking field the agent cannot fill",
    );
    expect(html).toContain("Make that booking field optional or hidden in Cal.com");
    const german = (await admin.page(servicePath("Workshop"), de)).html;
    expect(german).toContain("Nicht telefonisch buchbar: der Termintyp hat Plätze");
    expect(german).toContain("Plätze anbieten");
  });

  it("shows the notices and marks the fixed host's card", async () => {
    const { html } = await admin.page(servicePath("Farbberatung"), en);
    expect(html).not.toContain("Not bookable by phone");
    expect(html).toContain("Needs confirmation by the business");
    expect(html).toContain("Fixed host: Jörg Müller.");
    const card = (id: number) => {
      const start = html.indexOf(`id="host-${id}"`);
      return html.slice(start, html.indexOf("</li>", start));
    };
    expect(card(501)).toContain(">Fixed host</span>");
    expect(card(502)).not.toContain("Fixed host");
    const german = (await admin.page(servicePath("Farbberatung"), de)).html;
    expect(german).toContain("Bestätigung durch das Unternehmen nötig");
    expect(german).toContain("Fester Host: Jörg Müller.");
  });

  it("shows the last refusal of a booking: when, in words, and Cal.com's message", async () => {
    const { html } = await admin.page(servicePath("Haarschnitt"), en);
    expect(html).toMatch(/Cal\.com refused the last phone booking \([^)]*2026[^)]*\):/);
    expect(html).toContain("the phone number or email address was not accepted.");
    expect(html).toContain("Invalid phone number: +49 0000");
    expect(html).not.toContain("Not bookable by phone");
    const german = (await admin.page(servicePath("Haarschnitt"), de)).html;
    expect(german).toContain("Cal.com hat die letzte telefonische Buchung abgelehnt");
    expect(german).toContain("Telefonnummer oder E-Mail-Adresse wurde nicht akzeptiert.");
    expect((await admin.page(servicePath("Färben"), en)).html).not.toContain("refused");
  });
});
