import { describe, expect, it } from "vitest";
import { consoleFixture, logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";

/** The console's fixture with one salon event type that no service uses yet. */
function fixtureWithUnusedEventType() {
  const fixture = consoleFixture();
  fixture.teams
    .find((t) => t.id === 1001)!
    .eventTypes.push({
      id: 4001,
      title: "Glossing",
      slug: "glossing",
      lengthInMinutes: 45,
      schedulingType: "roundRobin",
      hosts: [{ userId: 501 }],
    });
  return fixture;
}

describe("managing services in Chromium", () => {
  // A refused form answers 422, which Chromium logs as a failed load (ignored).
  const ui = useConsoleBrowser({
    build: { fixture: fixtureWithUnusedEventType() },
    shots: { prefix: "services-manage-" },
  });

  const servicesPath = () => `/admin/companies/${ui.h.salon.id}/services`;

  it("lists the event types without a service", async () => {
    await ui.logIn(logins.salon, { from: servicesPath(), landing: ui.url(servicesPath()) });
    await ui.page.getByRole("heading", { name: "Event types without a service" }).waitFor();
    expect(await ui.page.locator("#unused-event-types tbody tr").count()).toBe(1);
    await ui.shoot("list-en", { phone: true });
  });

  it("creates a service from the event type in one click", async () => {
    await ui.page.getByRole("button", { name: "Create a service for “Glossing”" }).click();
    await ui.page.getByText("Service created from the event type.").waitFor();
    expect(await ui.page.getByLabel("Name").inputValue()).toBe("Glossing");
    expect(await ui.page.getByLabel("Duration (minutes)").inputValue()).toBe("45");
    const created = (await ui.h.store.services.list(ui.h.salon.id)).find(
      (s) => s.calcomEventTypeId === 4001,
    );
    expect(created?.name).toBe("Glossing");
  });

  it("shows a refused price in place, keeping what was typed, then saves", async () => {
    await ui.page.getByLabel("Name").fill("Glossing & Pflege");
    await ui.page.getByLabel("Price (EUR)").fill("ten euros");
    await ui.page.getByRole("button", { name: "Save" }).click();
    await ui.page.getByText("The price must be an amount in euros").first().waitFor();
    expect(await ui.page.getByLabel("Name").inputValue()).toBe("Glossing & Pflege");
    expect(await ui.page.getByLabel("Price (EUR)").inputValue()).toBe("ten euros");
    await ui.shoot("refused-en", { phone: true });
    await ui.page.getByLabel("Price (EUR)").fill("42.50");
    await ui.page.getByRole("button", { name: "Save" }).click();
    await ui.page.getByText("Saved").first().waitFor();
    expect(await ui.page.getByLabel("Price (EUR)").inputValue()).toBe("42.50");
  });

  it("deactivates after asking", async () => {
    await ui.page.getByRole("link", { name: "Deactivate" }).click();
    await ui.page.getByRole("heading", { name: "Deactivate Glossing & Pflege?" }).waitFor();
    await ui.shoot("confirm-en");
    await ui.page.getByRole("button", { name: "Deactivate" }).click();
    await ui.page.getByText("Service deactivated.").waitFor();
    await ui.page.getByRole("link", { name: "Reactivate" }).waitFor();
  });

  it("speaks German: the list, a refusal and reactivating", async () => {
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("link", { name: "Reaktivieren" }).waitFor();
    await ui.page.getByLabel("Preis (EUR)").fill("zehn");
    await ui.page.getByRole("button", { name: "Speichern" }).click();
    await ui.page.getByText("Der Preis muss ein Betrag in Euro sein").first().waitFor();
    await ui.shoot("refused-de");
    await ui.page.getByRole("link", { name: "Reaktivieren" }).click();
    await ui.page.getByRole("heading", { name: "Glossing & Pflege reaktivieren?" }).waitFor();
    await ui.shoot("confirm-de");
    await ui.page.getByRole("button", { name: "Reaktivieren" }).click();
    await ui.page.getByText("Leistung reaktiviert.").waitFor();
    await ui.page.goto(ui.url(servicesPath()));
    await ui.page.getByRole("heading", { name: "Termintypen ohne Leistung" }).waitFor();
    await ui.page.getByText("Jeder Termintyp Ihres Cal.com-Teams hat eine Leistung.").waitFor();
    await ui.shoot("list-de", { phone: true });
    expect(ui.pageErrors).toEqual([]);
  });
});
