import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildConsole,
  type ConsoleHarness,
  consoleFixture,
  consolePassword,
  logins,
  serveConsole,
} from "../support/console-app.ts";
import { launchChromium } from "../support/console-browser.ts";

const shots = resolve(import.meta.dirname, "../../test-results/console");

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
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    h = await buildConsole("sqlite", { fixture: fixtureWithUnusedEventType() });
    server = await serveConsole(h);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      // A refused form answers 422, which Chromium logs as a failed load.
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
  const servicesPath = () => `/admin/companies/${h.salon.id}/services`;

  async function shoot(name: string) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: `${shots}/services-manage-${name}-${scheme}.png`,
        fullPage: true,
      });
    }
    await page.emulateMedia({ colorScheme: "light" });
  }

  /** At phone width nothing is wider than the screen (the tables stack). */
  async function shootPhone(name: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>(
      "document.documentElement.scrollWidth - window.innerWidth",
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(`${name}-phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it("lists the event types without a service", async () => {
    await page.goto(url(servicesPath()));
    await page.getByLabel("Email").fill(logins.salon);
    await page.getByLabel("Password").fill(consolePassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(url(servicesPath()));
    await page.getByRole("heading", { name: "Event types without a service" }).waitFor();
    expect(await page.locator("#unused-event-types tbody tr").count()).toBe(1);
    await shoot("list-en");
    await shootPhone("list-en");
  });

  it("creates a service from the event type in one click", async () => {
    await page.getByRole("button", { name: "Create a service for “Glossing”" }).click();
    await page.getByText("Service created from the event type.").waitFor();
    expect(await page.getByLabel("Name").inputValue()).toBe("Glossing");
    expect(await page.getByLabel("Duration (minutes)").inputValue()).toBe("45");
    const created = (await h.store.services.list(h.salon.id)).find(
      (s) => s.calcomEventTypeId === 4001,
    );
    expect(created?.name).toBe("Glossing");
  });

  it("shows a refused price in place, keeping what was typed, then saves", async () => {
    await page.getByLabel("Name").fill("Glossing & Pflege");
    await page.getByLabel("Price (EUR)").fill("ten euros");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("The price must be an amount in euros").first().waitFor();
    expect(await page.getByLabel("Name").inputValue()).toBe("Glossing & Pflege");
    expect(await page.getByLabel("Price (EUR)").inputValue()).toBe("ten euros");
    await shoot("refused-en");
    await shootPhone("refused-en");
    await page.getByLabel("Price (EUR)").fill("42.50");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved").first().waitFor();
    expect(await page.getByLabel("Price (EUR)").inputValue()).toBe("42.50");
  });

  it("deactivates after asking", async () => {
    await page.getByRole("link", { name: "Deactivate" }).click();
    await page.getByRole("heading", { name: "Deactivate Glossing & Pflege?" }).waitFor();
    await shoot("confirm-en");
    await page.getByRole("button", { name: "Deactivate" }).click();
    await page.getByText("Service deactivated.").waitFor();
    await page.getByRole("link", { name: "Reactivate" }).waitFor();
  });

  it("speaks German: the list, a refusal and reactivating", async () => {
    await page.getByRole("button", { name: "DE", exact: true }).click();
    await page.getByRole("link", { name: "Reaktivieren" }).waitFor();
    await page.getByLabel("Preis (EUR)").fill("zehn");
    await page.getByRole("button", { name: "Speichern" }).click();
    await page.getByText("Der Preis muss ein Betrag in Euro sein").first().waitFor();
    await shoot("refused-de");
    await page.getByRole("link", { name: "Reaktivieren" }).click();
    await page.getByRole("heading", { name: "Glossing & Pflege reaktivieren?" }).waitFor();
    await shoot("confirm-de");
    await page.getByRole("button", { name: "Reaktivieren" }).click();
    await page.getByText("Leistung reaktiviert.").waitFor();
    await page.goto(url(servicesPath()));
    await page.getByRole("heading", { name: "Termintypen ohne Leistung" }).waitFor();
    await page.getByText("Jeder Termintyp Ihres Cal.com-Teams hat eine Leistung.").waitFor();
    await shoot("list-de");
    await shootPhone("list-de");
    expect(pageErrors).toEqual([]);
  });
});
