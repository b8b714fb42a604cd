import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
  serveConsole,
} from "../support/console-app.ts";
import { launchChromium } from "../support/console-browser.ts";

const shots = resolve(import.meta.dirname, "../../test-results/console");

describe("users pages in Chromium", () => {
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    h = await buildConsole("sqlite");
    server = await serveConsole(h);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource"))
        pageErrors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  const url = (path: string) => `${server.url}${path}`;

  async function shoot(name: string) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${shots}/users-${name}-${scheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: "light" });
  }

  async function loginAsAdmin() {
    await browser.context.clearCookies();
    await page.goto(url("/admin/users"));
    await page.locator("#email").fill(logins.platform);
    await page.locator("#password").fill(consolePassword);
    await page.locator("form[action='/admin/login'] button[type=submit]").click();
    await page.waitForURL(url("/admin/users"));
  }

  /** Invites `email` to the salon through the form and returns the link shown once. */
  async function inviteThroughForm(email: string) {
    await page.locator("#invite-email").fill(email);
    await page.locator("#invite-company").selectOption({ label: h.salon.name });
    await page.locator("#invite-form button[type=submit]").click();
    await page.locator("#fresh-link").waitFor();
    const link = (await page.locator("#fresh-link-url").textContent())?.trim() ?? "";
    expect(link).toMatch(/^\/admin\/invite\/[A-Za-z0-9_-]{43}$/);
    return link;
  }

  async function acceptAs(link: string, password: string) {
    // The invitee has no session of the admin's.
    await browser.context.clearCookies();
    await page.goto(url(link));
    await page.locator("#password").fill(password);
    await page.locator("#repeat").fill(password);
  }

  it("invites a company admin and accepts the invite in English", async () => {
    await loginAsAdmin();
    await page.getByRole("heading", { name: "Users", exact: true }).waitFor();
    await page.getByRole("link", { name: "Lift a login lockout" }).waitFor();
    await shoot("list-en");
    const link = await inviteThroughForm("browser.en@salon-beispiel.test");
    await page.getByText("No email was sent").waitFor();
    await shoot("invite-link-en");

    await acceptAs(link, "a-browser-password-1");
    await page.getByRole("heading", { name: "Set your password" }).waitFor();
    await shoot("accept-en");
    await page.getByRole("button", { name: "Save and sign in" }).click();
    await page.waitForURL((u) => u.pathname.startsWith(`/admin/companies/${h.salon.id}`));

    // Used once: the same link now says so.
    await browser.context.clearCookies();
    const again = await page.goto(url(link));
    expect(again?.status()).toBe(404);
    await page.getByRole("heading", { name: "Link not valid" }).waitFor();
    await shoot("used-link-en");
    expect(pageErrors).toEqual([]);
  });

  it("asks before disabling a user", async () => {
    await loginAsAdmin();
    await page
      .locator("tr[data-email='browser.en@salon-beispiel.test'] a", { hasText: "Disable" })
      .click();
    await page.getByRole("heading", { name: "Disable browser.en@salon-beispiel.test?" }).waitFor();
    await shoot("disable-confirm-en");
    await page.getByRole("button", { name: "Disable" }).click();
    await page.waitForURL(url("/admin/users"));
    await page
      .locator("tr[data-email='browser.en@salon-beispiel.test']", { hasText: "disabled" })
      .waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("invites and accepts in German", async () => {
    await loginAsAdmin();
    await page.locator("form.lang button[value=de]").click();
    await page.getByRole("heading", { name: "Benutzer", exact: true }).waitFor();
    await shoot("list-de");
    const link = await inviteThroughForm("browser.de@salon-beispiel.test");
    await page.getByText("Keine E-Mail verschickt").waitFor();
    await shoot("invite-link-de");

    await acceptAs(`${link}?lang=de`, "ein-browser-passwort-1");
    await page.getByRole("heading", { name: "Passwort festlegen" }).waitFor();
    await shoot("accept-de");
    await page.getByRole("button", { name: "Speichern und anmelden" }).click();
    await page.waitForURL((u) => u.pathname.startsWith(`/admin/companies/${h.salon.id}`));
    expect(await h.store.users.findByEmail("browser.de@salon-beispiel.test")).not.toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
