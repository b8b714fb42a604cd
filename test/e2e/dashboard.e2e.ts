import { beforeAll, describe, expect, it } from "vitest";
import { localToday } from "../../src/domain/datetime/calendar.ts";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";
import { newAppointment } from "../support/factories.ts";

describe("dashboard and platform overview in Chromium", () => {
  const ui = useConsoleBrowser({ consoleErrors: { ignore: [] }, shots: { prefix: "dashboard-" } });

  beforeAll(async () => {
    // One appointment late today in the salon's zone, so the "next" list is not empty.
    const start = localToday(new Date(), ui.h.salon.timezone);
    await newAppointment(ui.h.store, ui.h.salon, {
      startAt: start.plus({ hours: 23 }).toUTC().toISO()!,
      endAt: start.plus({ hours: 23, minutes: 30 }).toUTC().toISO()!,
      attendeeName: "Erika Mustermann",
    });
  });

  const salonPath = () => `/admin/companies/${ui.h.salon.id}`;

  it("lands a company admin on the dashboard, first tab, in English", async () => {
    await ui.logIn(logins.salon, { landing: ui.url(salonPath()) });
    await ui.page.getByRole("heading", { name: "Overview", exact: true }).waitFor();
    const first = ui.page.locator("nav.tabs a").first();
    expect(await first.textContent()).toBe("Overview");
    expect(await first.getAttribute("aria-current")).toBe("page");
    expect(await ui.page.locator("#dash-appointments .tile-value").textContent()).toBe("1");
    await ui.page.getByText("Erika Mustermann").waitFor();
    await ui.shoot("company-en", { phone: true });
  });

  it("shows the dashboard in German", async () => {
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Übersicht", exact: true }).waitFor();
    await ui.page.getByText("Termine heute", { exact: true }).waitFor();
    await ui.shoot("company-de", { phone: true });
    // Back to English for the next login's expectations.
    await ui.page.getByRole("button", { name: "EN", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Overview", exact: true }).waitFor();
  });

  it("shows a platform admin every company and the New company wizard", async () => {
    await ui.logIn(logins.platform, { landing: ui.url("/admin/companies") });
    await ui.page.getByRole("heading", { name: "All companies" }).waitFor();
    expect(await ui.page.locator("#overview tbody tr").count()).toBe(
      (await ui.h.store.companies.list()).length,
    );
    await ui.shoot("platform-en", { phone: true });
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Alle Unternehmen" }).waitFor();
    await ui.shoot("platform-de", { phone: true });
    await ui.page.getByRole("link", { name: "Neues Unternehmen" }).click();
    await ui.page.waitForURL(ui.url("/admin/companies/new"));
    await ui.page.locator("#new-company").waitFor();
    await ui.shoot("new-company-de", { phone: true });
    await ui.page.getByRole("button", { name: "EN", exact: true }).click();
    await ui.page.getByRole("heading", { name: "New company" }).waitFor();
    expect(ui.pageErrors).toEqual([]);
  });
});
