import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
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

describe("admin console in Chromium", () => {
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    h = await buildConsole("sqlite");
    server = await serveConsole(h);
    browser = await launchChromium();
    context = browser.context;
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      // The 404 pages this suite opens on purpose are logged as failed loads.
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
  const salonPath = (p: string) => `/admin/companies/${h.salon.id}${p}`;

  async function shoot(name: string) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${shots}/${name}-${scheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: "light" });
  }

  /** Every visible form control has a label a screen reader can announce. */
  async function expectLabelledControls() {
    // Runs in the page (a string: this project's TypeScript has no DOM types).
    const unlabelled = await page.evaluate<string[]>(`
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => el.type !== "hidden")
        .filter((el) => (el.labels?.length ?? 0) === 0 && !el.getAttribute("aria-label"))
        .map((el) => el.outerHTML.slice(0, 80))
    `);
    expect(unlabelled).toEqual([]);
  }

  it("logs in and lands on the companies", async () => {
    await page.goto(url("/admin/companies"));
    await expect.poll(() => page.url()).toContain("/admin/login?next=");
    await expectLabelledControls();
    await page.getByLabel("Email").fill(logins.platform);
    await page.getByLabel("Password").fill(consolePassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(url("/admin/companies"));
    await expect.poll(() => page.getByRole("link", { name: "Salon Beispiel" }).count()).toBe(1);
    await page.getByRole("link", { name: "Salon Beispiel" }).click();
    // The company's dashboard (the company list became the platform overview).
    await page.waitForURL(url(salonPath("")));
  });

  it("runs Sync now in the background and shows the result", async () => {
    await page.getByRole("link", { name: "Sync runs" }).click();
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.locator("#sync-result").waitFor();
    expect(await page.locator("#sync-result").textContent()).toContain(
      "Sync finished: 3 mapped, 1 to review, 1 unmapped.",
    );
    expect(await page.locator("#sync-status tbody tr").count()).toBeGreaterThanOrEqual(3);
  });

  it("opens a service and sees the hosts panel", async () => {
    await page.getByRole("link", { name: "Services", exact: true }).click();
    expect(await page.locator("text=2/3 hosts mapped").count()).toBe(2);
    await page.getByRole("link", { name: "Haarschnitt" }).click();
    await page.getByRole("heading", { name: "Cal.com hosts" }).waitFor();
    expect(await page.locator(".host-card").count()).toBe(3);
    const sophie = page.locator("#host-503");
    expect(await sophie.locator(".badge").textContent()).toBe("Suggested");
    expect(await sophie.textContent()).toContain("Sophie Weiss");
    expect(await page.locator(".tile").allTextContents()).toEqual([
      "3Hosts",
      "2Mapped",
      "1To review",
      "0Unmapped",
      "3Available for this service",
    ]);
    await expectLabelledControls();
    await shoot("service-page-en");
  });

  it("accepts a suggestion and sees the audit row", async () => {
    await page.locator("#host-503").getByRole("button", { name: "Accept" }).click();
    await expect.poll(() => page.locator("#host-503 .badge").textContent()).toBe("Mapped");
    expect(await page.locator("#hosts-panel .notice").textContent()).toBe("Mapping changed.");
    await page.getByRole("link", { name: "Audit log" }).click();
    const row = page.locator("#audit-table tbody tr").first();
    const text = await row.textContent();
    expect(text).toContain("Sophie Weiß");
    expect(text).toContain("Accepted");
    expect(text).toContain("Suggested: Sophie Weiss (80 %) → Mapped: Sophie Weiss (80 %)");
    expect(text).toContain(logins.platform);
  });

  it("bulk-maps two hosts in one step, swapping only their rows", async () => {
    await page.getByRole("link", { name: "Host mappings" }).click();
    // Free Anna, then map her and Mehmet together.
    await page.locator("#row-502").getByRole("button", { name: "Remove mapping" }).click();
    await expect.poll(() => page.locator("#row-502 .badge").textContent()).toBe("Not mapped");
    await page
      .getByLabel("Staff member for Anna Schmidt")
      .selectOption({ label: "Anna Schmidt · anna.schmidt@salon-beispiel.de" });
    await page
      .getByLabel("Staff member for Mehmet Yılmaz")
      .selectOption({ label: "Petra Neumann · petra.neumann@salon-beispiel.de" });
    // Choosing a staff member selects the row.
    expect(await page.getByLabel("Select Mehmet Yılmaz").isChecked()).toBe(true);
    // A mark on a row that does not change: it must survive the swap.
    await page.evaluate(`document.getElementById("row-501").dataset.marker = "kept"`);
    await page.getByRole("button", { name: "Map selected hosts" }).click();
    await expect
      .poll(() => page.locator("#mapping-notice").textContent())
      .toBe("2 mappings changed.");
    expect(await page.locator("#row-502 .badge").textContent()).toBe("Mapped");
    expect(await page.locator("#row-504 .badge").textContent()).toBe("Mapped");
    expect(await page.locator("#row-504").textContent()).toContain("Petra Neumann");
    // Rows that did not change were not replaced.
    expect(await page.locator("#row-501").getAttribute("data-marker")).toBe("kept");
    expect(await page.locator("#status-filters").textContent()).toContain("Not mapped 0");
    const mapped = await h.store.hostMappings.list(h.salon.id);
    expect(mapped.filter((m) => m.status === "active")).toHaveLength(5);
    await expectLabelledControls();
    await shoot("mappings-en");
  });

  it("switches to German", async () => {
    await page.getByRole("button", { name: "DE", exact: true }).click();
    await page.getByRole("heading", { name: "Zuordnungen" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    await shoot("mappings-de");
    await page.getByRole("link", { name: "Leistungen" }).click();
    await page.getByRole("link", { name: "Haarschnitt" }).click();
    await page.getByRole("heading", { name: "Cal.com-Hosts" }).waitFor();
    expect(await page.locator(".tile-label").allTextContents()).toContain(
      "Für diese Leistung verfügbar",
    );
    await shoot("service-page-de");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${shots}/service-page-de-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("toggles dark mode and keeps it across pages", async () => {
    await page.getByRole("button", { name: "Dunkles Design", exact: true }).click();
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await page.reload();
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await page.getByRole("button", { name: "Dunkles Design", exact: true }).click();
    expect(await page.locator("html").getAttribute("data-theme")).toBe("light");
  });

  it("gives a company admin who tampers with another company's URL a 404", async () => {
    await context.clearCookies();
    await page.goto(url("/admin/login"));
    await page.getByLabel("Email").fill(logins.salon);
    await page.getByLabel("Password").fill(consolePassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(url(salonPath("")));
    const response = await page.goto(url(`/admin/companies/${h.bright.id}/mappings`));
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Not found");
    // A forged POST with this user's own valid CSRF token gets 404 too, and changes nothing.
    await page.goto(url(salonPath("/mappings")));
    const path = `/admin/companies/${h.bright.id}/mappings/bulk`;
    const status = await page.evaluate<number>(`(async () => {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") ?? "{}");
      const res = await fetch(${JSON.stringify(path)}, {
        method: "POST",
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: "action=accept&host=602&host=603",
      });
      return res.status;
    })()`);
    expect(status).toBe(404);
    expect(await h.store.hostMappings.list(h.bright.id)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
