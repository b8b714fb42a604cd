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

describe("staff pages in Chromium", () => {
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    h = await buildConsole("sqlite");
    // The host matching "Sync now" runs: the list then shows who is mapped to which host.
    await h.useCases.sync.syncServiceHosts(
      { company: h.salon, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    server = await serveConsole(h);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      // The refused preview answers 422, which Chromium logs as a failed load.
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
  const staffPath = () => `/admin/companies/${h.salon.id}/staff`;

  async function shoot(name: string) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${shots}/staff-${name}-${scheme}.png`, fullPage: true });
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

  it("logs in and opens the Staff tab", async () => {
    await page.goto(url(staffPath()));
    await page.getByLabel("Email").fill(logins.salon);
    await page.getByLabel("Password").fill(consolePassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(url(staffPath()));
    await page.getByRole("heading", { name: "Staff", exact: true }).waitFor();
    expect(await page.locator("#staff-list tbody tr").count()).toBe(
      (await h.store.staff.list(h.salon.id)).length,
    );
    await shoot("list-en");
    await shootPhone("list-en");
  });

  it("adds a staff member, showing a refused field first", async () => {
    await page.getByRole("link", { name: "Add staff member" }).click();
    await page.getByLabel("Name").fill("Mia Neu");
    // type=email would stop the browser's own submit: the server's answer is what is tested.
    await page.evaluate("document.getElementById('staff-email').type = 'text'");
    await page.getByLabel("Email").fill("mia@");
    await page.getByRole("button", { name: "Add staff member" }).click();
    await page.getByText("Email: this is not an email address.").first().waitFor();
    expect(await page.getByLabel("Name").inputValue()).toBe("Mia Neu");
    await page.getByLabel("Email").fill("mia@salon-beispiel.de");
    await page.getByRole("button", { name: "Add staff member" }).click();
    await page.getByText("Mia Neu was added.").waitFor();
  });

  it("deactivates after asking", async () => {
    await page
      .locator("#staff-list tr", { hasText: "Petra Neumann" })
      .getByRole("link", { name: "Deactivate" })
      .click();
    await page.getByRole("heading", { name: "Deactivate Petra Neumann?" }).waitFor();
    await page.getByRole("button", { name: "Deactivate" }).click();
    await page.getByText("Petra Neumann is now inactive.").waitFor();
    const last = page.locator("#staff-list tbody tr").last();
    expect(await last.textContent()).toContain("Petra Neumann");
  });

  it("previews an upload in German with an error line, then imports a good one", async () => {
    await page.getByRole("button", { name: "DE", exact: true }).click();
    await page.getByRole("heading", { name: "Mitarbeitende", exact: true }).waitFor();
    await shoot("list-de");
    await page.getByLabel("Mitarbeiterdatei", { exact: true }).setInputFiles({
      name: "mitarbeiter.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Name;E-Mail;Telefon;Aktiv\nKatrin L\xf6we;katrin@salon-beispiel.de;;ja\nOhne Mail;kaputt@;;ja\n",
        "latin1",
      ),
    });
    await page.getByRole("button", { name: "Vorschau" }).click();
    await page.getByRole("heading", { name: "Vorschau der Mitarbeiterdatei" }).waitFor();
    expect(await page.locator("#staff-issues").textContent()).toContain("Zeile 3 · E-Mail");
    expect(await page.locator("#staff-preview").textContent()).toContain("Katrin Löwe");
    expect(await page.getByRole("button", { name: "Importieren" }).count()).toBe(0);
    await shoot("preview-error-de");
    await shootPhone("preview-error-de");

    await page.getByLabel("Mitarbeiterdatei", { exact: true }).setInputFiles({
      name: "mitarbeiter.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Name;E-Mail;Telefon;Aktiv\nKatrin L\xf6we;katrin@salon-beispiel.de;;ja\nJ\xf6rg M\xfcller;joerg.mueller@salon-beispiel.de;030 1234567;ja\n",
        "latin1",
      ),
    });
    await page.getByRole("button", { name: "Vorschau" }).click();
    await page.getByText("1 neu, 0 geändert, 1 unverändert.").waitFor();
    expect(await page.getByText("Windows-1252 (Excel)").count()).toBe(1);
    await shoot("preview-de");
    await page.getByRole("button", { name: "Importieren" }).click();
    await page.getByText("Importiert: 1 neu, 0 aktualisiert, 1 unverändert.").waitFor();
    expect(await page.locator("#staff-list").textContent()).toContain("Katrin Löwe");
    const katrin = (await h.store.staff.list(h.salon.id)).find(
      (s) => s.email === "katrin@salon-beispiel.de",
    );
    expect(katrin?.name).toBe("Katrin Löwe");
    await shootPhone("list-de");
    expect(pageErrors).toEqual([]);
  });
});
