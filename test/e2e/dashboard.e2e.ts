import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localToday } from "../../src/domain/datetime/calendar.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
  serveConsole,
} from "../support/console-app.ts";
import { launchChromium } from "../support/console-browser.ts";
import { newAppointment } from "../support/factories.ts";

const shots = resolve(import.meta.dirname, "../../test-results/console");

describe("dashboard and platform overview in Chromium", () => {
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    h = await buildConsole("sqlite");
    // One appointment late today in the salon's zone, so the "next" list is not empty.
    const start = localToday(new Date(), h.salon.timezone);
    await newAppointment(h.store, h.salon, {
      startAt: start.plus({ hours: 23 }).toUTC().toISO()!,
      endAt: start.plus({ hours: 23, minutes: 30 }).toUTC().toISO()!,
      attendeeName: "Erika Mustermann",
    });
    server = await serveConsole(h);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const salonPath = () => `/admin/companies/${h.salon.id}`;

  async function shoot(name: string) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${shots}/dashboard-${name}-${scheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: "light" });
  }

  /** At phone width nothing is wider than the screen. */
  async function shootPhone(name: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>(
      "document.documentElement.scrollWidth - window.innerWidth",
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(`${name}-phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function logIn(email: string) {
    await browser.context.clearCookies();
    await page.goto(url("/admin/login"));
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(consolePassword);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  it("lands a company admin on the dashboard, first tab, in English", async () => {
    await logIn(logins.salon);
    await page.waitForURL(url(salonPath()));
    await page.getByRole("heading", { name: "Overview", exact: true }).waitFor();
    const first = page.locator("nav.tabs a").first();
    expect(await first.textContent()).toBe("Overview");
    expect(await first.getAttribute("aria-current")).toBe("page");
    expect(await page.locator("#dash-appointments .tile-value").textContent()).toBe("1");
    await page.getByText("Erika Mustermann").waitFor();
    await shoot("company-en");
    await shootPhone("company-en");
  });

  it("shows the dashboard in German", async () => {
    await page.getByRole("button", { name: "DE", exact: true }).click();
    await page.getByRole("heading", { name: "Übersicht", exact: true }).waitFor();
    await page.getByText("Termine heute", { exact: true }).waitFor();
    await shoot("company-de");
    await shootPhone("company-de");
    // Back to English for the next login's expectations.
    await page.getByRole("button", { name: "EN", exact: true }).click();
    await page.getByRole("heading", { name: "Overview", exact: true }).waitFor();
  });

  it("shows a platform admin every company and the honest New company page", async () => {
    await logIn(logins.platform);
    await page.waitForURL(url("/admin/companies"));
    await page.getByRole("heading", { name: "All companies" }).waitFor();
    expect(await page.locator("#overview tbody tr").count()).toBe(
      (await h.store.companies.list()).length,
    );
    await shoot("platform-en");
    await shootPhone("platform-en");
    await page.getByRole("button", { name: "DE", exact: true }).click();
    await page.getByRole("heading", { name: "Alle Unternehmen" }).waitFor();
    await shoot("platform-de");
    await shootPhone("platform-de");
    await page.getByRole("link", { name: "Neues Unternehmen" }).click();
    await page.waitForURL(url("/admin/companies/new"));
    await page.locator("#create-command").waitFor();
    expect(await page.locator("#create-command").textContent()).toContain(
      "frontdesk company create",
    );
    await shoot("new-company-de");
    await shootPhone("new-company-de");
    await page.getByRole("button", { name: "EN", exact: true }).click();
    await page.getByRole("heading", { name: "New company" }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
