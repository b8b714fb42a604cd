import { describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";

describe("users pages in Chromium", () => {
  const ui = useConsoleBrowser({ shots: { prefix: "users-" } });

  const loginAsAdmin = () =>
    ui.logIn(logins.platform, { from: "/admin/users", landing: ui.url("/admin/users") });

  /** Invites `email` to the salon through the form and returns the link shown once. */
  async function inviteThroughForm(email: string) {
    await ui.page.locator("#invite-email").fill(email);
    await ui.page.locator("#invite-company").selectOption({ label: ui.h.salon.name });
    await ui.page.locator("#invite-form button[type=submit]").click();
    await ui.page.locator("#fresh-link").waitFor();
    const link = (await ui.page.locator("#fresh-link-url").textContent())?.trim() ?? "";
    expect(link).toMatch(/^\/admin\/invite\/[A-Za-z0-9_-]{43}$/);
    return link;
  }

  async function acceptAs(link: string, password: string) {
    // The invitee has no session of the admin's.
    await ui.context.clearCookies();
    await ui.page.goto(ui.url(link));
    await ui.page.locator("#password").fill(password);
    await ui.page.locator("#repeat").fill(password);
  }

  it("invites a company admin and accepts the invite in English", async () => {
    await loginAsAdmin();
    await ui.page.getByRole("heading", { name: "Users", exact: true }).waitFor();
    await ui.page.getByRole("link", { name: "Lift a login lockout" }).waitFor();
    await ui.shoot("list-en");
    const link = await inviteThroughForm("browser.en@salon-beispiel.test");
    await ui.page.getByText("No email was sent").waitFor();
    await ui.shoot("invite-link-en");

    await acceptAs(link, "a-browser-password-1");
    await ui.page.getByRole("heading", { name: "Set your password" }).waitFor();
    await ui.shoot("accept-en");
    await ui.page.getByRole("button", { name: "Save and sign in" }).click();
    await ui.page.waitForURL((u) => u.pathname.startsWith(`/admin/companies/${ui.h.salon.id}`));

    // Used once: the same link now says so.
    await ui.context.clearCookies();
    const again = await ui.page.goto(ui.url(link));
    expect(again?.status()).toBe(404);
    await ui.page.getByRole("heading", { name: "Link not valid" }).waitFor();
    await ui.shoot("used-link-en");
    expect(ui.pageErrors).toEqual([]);
  });

  it("asks before disabling a user", async () => {
    await loginAsAdmin();
    await ui.page
      .locator("tr[data-email='browser.en@salon-beispiel.test'] a", { hasText: "Disable" })
      .click();
    await ui.page
      .getByRole("heading", { name: "Disable browser.en@salon-beispiel.test?" })
      .waitFor();
    await ui.shoot("disable-confirm-en");
    await ui.page.getByRole("button", { name: "Disable" }).click();
    await ui.page.waitForURL(ui.url("/admin/users"));
    await ui.page
      .locator("tr[data-email='browser.en@salon-beispiel.test']", { hasText: "disabled" })
      .waitFor();
    expect(ui.pageErrors).toEqual([]);
  });

  it("invites and accepts in German", async () => {
    await loginAsAdmin();
    await ui.page.locator("form.lang button[value=de]").click();
    await ui.page.getByRole("heading", { name: "Benutzer", exact: true }).waitFor();
    await ui.shoot("list-de");
    const link = await inviteThroughForm("browser.de@salon-beispiel.test");
    await ui.page.getByText("Keine E-Mail verschickt").waitFor();
    await ui.shoot("invite-link-de");

    await acceptAs(`${link}?lang=de`, "ein-browser-passwort-1");
    await ui.page.getByRole("heading", { name: "Passwort festlegen" }).waitFor();
    await ui.shoot("accept-de");
    await ui.page.getByRole("button", { name: "Speichern und anmelden" }).click();
    await ui.page.waitForURL((u) => u.pathname.startsWith(`/admin/companies/${ui.h.salon.id}`));
    expect(await ui.h.store.users.findByEmail("browser.de@salon-beispiel.test")).not.toBeNull();
    expect(ui.pageErrors).toEqual([]);
  });
});
