import { describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";

describe("the new-company wizard and the setup page in Chromium", () => {
  // The refused wizard answers 422, which Chromium logs as a failed load (ignored).
  const ui = useConsoleBrowser({
    build: { publicUrl: "https://frontdesk.example" },
    // Desktop, then phone width (nothing wider than the screen); dark mode only when asked.
    shots: { prefix: "onboarding-", dark: false, fits: true, phone: true, caret: "initial" },
  });

  it("creates a company in English, refusing a taken slug first", async () => {
    await ui.logIn(logins.platform, { landing: ui.url("/admin/companies") });
    await ui.page.getByRole("link", { name: "New company" }).click();
    await ui.page.waitForURL(ui.url("/admin/companies/new"));
    expect(await ui.page.getByLabel("Time zone").inputValue()).toBe("Europe/Berlin");
    await ui.shoot("wizard-en", { dark: true });

    // The slug follows the name as it is typed: here one another company has.
    await ui.page.getByLabel("Name").pressSequentially(ui.h.salon.name);
    await expect.poll(() => ui.page.getByLabel("Slug").inputValue()).toBe(ui.h.salon.slug);
    await ui.page.getByLabel("Language of the phone agent").selectOption("en");
    await ui.page.getByLabel("Time zone").selectOption("Europe/Vienna");
    await ui.page.getByRole("button", { name: "Create company" }).click();
    await ui.page.getByText("Another company already uses this slug").waitFor();
    expect(await ui.page.getByLabel("Name").inputValue()).toBe(ui.h.salon.name);
    expect(await ui.page.getByLabel("Time zone").inputValue()).toBe("Europe/Vienna");
    await ui.shoot("wizard-taken-en");

    await ui.page.getByLabel("Slug").fill("salon-wien");
    // Typing the name again leaves a slug changed by hand alone.
    await ui.page.getByLabel("Name").fill("Salon Wien");
    await ui.page.waitForTimeout(600);
    expect(await ui.page.getByLabel("Slug").inputValue()).toBe("salon-wien");
    await ui.page.getByRole("button", { name: "Create company" }).click();
    await ui.page.getByRole("heading", { name: "Setup: Salon Wien" }).waitFor();
    await ui.page.getByText("Salon Wien was created.").waitFor();
    const company = (await ui.h.store.companies.findBySlug("salon-wien"))!;
    expect(company).toMatchObject({ timezone: "Europe/Vienna", locale: "en" });
    expect(ui.page.url()).toContain(`/admin/companies/${company.id}/onboarding`);
    await ui.shoot("setup-en", { dark: true });

    // Test connection with the values in the form, before saving anything.
    await ui.page.getByLabel("Cal.com", { exact: true }).selectOption("self-hosted");
    await ui.page.getByLabel("Self-hosted base URL").fill("http://calcom.test");
    await ui.page.getByLabel("Team id").fill("1002");
    await ui.page.getByLabel("API key").fill("cal_test_bright_smiles");
    await ui.page.getByRole("button", { name: "Test connection" }).click();
    await ui.page.getByText("Connected: the team has 2 event types and 3 members.").waitFor();
    await ui.page.getByRole("button", { name: "Save", exact: true }).click();
    await ui.page.locator('#step-calcom[data-done="true"]').waitFor();
    await ui.page.getByRole("button", { name: "Sync now" }).click();
    await ui.page.locator('#step-sync[data-done="true"]').waitFor();
    await ui.page.getByText("2 event types are still without a service").waitFor();
    await ui.shoot("setup-connected-en");
  });

  it("creates a company in German and shows the setup card on its dashboard", async () => {
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Einrichtung: Salon Wien" }).waitFor();
    await ui.shoot("setup-de");
    await ui.page.goto(ui.url("/admin/companies/new"));
    await ui.page.getByRole("heading", { name: "Neues Unternehmen" }).waitFor();
    await ui.page.getByLabel("Name").pressSequentially("Zahnarztpraxis Müller");
    await expect
      .poll(() => ui.page.getByLabel("Kürzel").inputValue())
      .toBe("zahnarztpraxis-mueller");
    await ui.shoot("wizard-de");
    await ui.page.getByRole("button", { name: "Unternehmen anlegen" }).click();
    await ui.page.getByRole("heading", { name: "Einrichtung: Zahnarztpraxis Müller" }).waitFor();
    await ui.page.getByText("0 von 9 erledigt").first().waitFor();
    await ui.shoot("setup-new-de");

    const company = (await ui.h.store.companies.findBySlug("zahnarztpraxis-mueller"))!;
    await ui.page.goto(ui.url(`/admin/companies/${company.id}`));
    await ui.page.getByText("Einrichtung: 0 von 9 erledigt").waitFor();
    await ui.page.getByRole("link", { name: /Einrichtung fortsetzen/ }).click();
    await ui.page.waitForURL(ui.url(`/admin/companies/${company.id}/onboarding`));
    await ui.page.getByRole("button", { name: "EN", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Setup: Zahnarztpraxis Müller" }).waitFor();
    expect(ui.pageErrors).toEqual([]);
  });
});
