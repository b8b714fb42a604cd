import { describe, expect, it } from "vitest";
import { consolePassword, logins } from "../support/console-app.ts";
import { desktopSize, phoneSize, shotsDir, useConsoleBrowser } from "../support/console-browser.ts";

describe("admin console in Chromium", () => {
  // The 404 pages this suite opens on purpose are logged as failed loads (ignored).
  const ui = useConsoleBrowser({ timeout: 30_000 });

  const salonPath = (p: string) => `/admin/companies/${ui.h.salon.id}${p}`;

  /** Every visible form control has a label a screen reader can announce. */
  async function expectLabelledControls() {
    // Runs in the page (a string: this project's TypeScript has no DOM types).
    const unlabelled = await ui.page.evaluate<string[]>(`
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => el.type !== "hidden")
        .filter((el) => (el.labels?.length ?? 0) === 0 && !el.getAttribute("aria-label"))
        .map((el) => el.outerHTML.slice(0, 80))
    `);
    expect(unlabelled).toEqual([]);
  }

  it("logs in and lands on the companies", async () => {
    await ui.page.goto(ui.url("/admin/companies"));
    await expect.poll(() => ui.page.url()).toContain("/admin/login?next=");
    await expectLabelledControls();
    await ui.page.getByLabel("Email").fill(logins.platform);
    await ui.page.getByLabel("Password").fill(consolePassword);
    await ui.page.getByRole("button", { name: "Sign in" }).click();
    await ui.page.waitForURL(ui.url("/admin/companies"));
    await expect.poll(() => ui.page.getByRole("link", { name: "Salon Beispiel" }).count()).toBe(1);
    await ui.page.getByRole("link", { name: "Salon Beispiel" }).click();
    // The company's dashboard (the company list became the platform overview).
    await ui.page.waitForURL(ui.url(salonPath("")));
  });

  it("runs Sync now in the background and shows the result", async () => {
    await ui.page.getByRole("link", { name: "Sync runs" }).click();
    await ui.page.getByRole("button", { name: "Sync now" }).click();
    await ui.page.locator("#sync-result").waitFor();
    expect(await ui.page.locator("#sync-result").textContent()).toContain(
      "Sync finished: 3 mapped, 1 to review, 1 unmapped.",
    );
    expect(await ui.page.locator("#sync-status tbody tr").count()).toBeGreaterThanOrEqual(3);
  });

  it("opens a service and sees the hosts panel", async () => {
    await ui.page.getByRole("link", { name: "Services", exact: true }).click();
    expect(await ui.page.locator("text=2/3 hosts mapped").count()).toBe(2);
    await ui.page.getByRole("link", { name: "Haarschnitt" }).click();
    await ui.page.getByRole("heading", { name: "Cal.com hosts" }).waitFor();
    expect(await ui.page.locator(".host-card").count()).toBe(3);
    const sophie = ui.page.locator("#host-503");
    expect(await sophie.locator(".badge").textContent()).toBe("Suggested");
    expect(await sophie.textContent()).toContain("Sophie Weiss");
    expect(await ui.page.locator(".tile").allTextContents()).toEqual([
      "3Hosts",
      "2Mapped",
      "1To review",
      "0Unmapped",
      "3Available for this service",
    ]);
    await expectLabelledControls();
    await ui.shoot("service-page-en");
  });

  it("accepts a suggestion and sees the audit row", async () => {
    await ui.page.locator("#host-503").getByRole("button", { name: "Accept" }).click();
    await expect.poll(() => ui.page.locator("#host-503 .badge").textContent()).toBe("Mapped");
    expect(await ui.page.locator("#hosts-panel .notice").textContent()).toBe("Mapping changed.");
    await ui.page.getByRole("link", { name: "Audit log" }).click();
    const row = ui.page.locator("#audit-table tbody tr").first();
    const text = await row.textContent();
    expect(text).toContain("Sophie Weiß");
    expect(text).toContain("Accepted");
    expect(text).toContain("Suggested: Sophie Weiss (80 %) → Mapped: Sophie Weiss (80 %)");
    expect(text).toContain(logins.platform);
  });

  it("bulk-maps two hosts in one step, swapping only their rows", async () => {
    await ui.page.getByRole("link", { name: "Host mappings" }).click();
    // Free Anna, then map her and Mehmet together.
    // Removing asks first, on a page of its own.
    await ui.page.locator("#row-502").getByRole("link", { name: "Remove mapping" }).click();
    await ui.page.getByRole("heading", { name: /^Remove the mapping of Anna Schmidt/ }).waitFor();
    await ui.page.getByRole("button", { name: "Remove mapping" }).click();
    await expect.poll(() => ui.page.locator("#row-502 .badge").textContent()).toBe("Not mapped");
    await ui.page
      .getByLabel("Staff member for Anna Schmidt")
      .selectOption({ label: "Anna Schmidt · anna.schmidt@salon-beispiel.de" });
    await ui.page
      .getByLabel("Staff member for Mehmet Yılmaz")
      .selectOption({ label: "Petra Neumann · petra.neumann@salon-beispiel.de" });
    // Choosing a staff member selects the row.
    expect(await ui.page.getByLabel("Select Mehmet Yılmaz").isChecked()).toBe(true);
    // A mark on a row that does not change: it must survive the swap.
    await ui.page.evaluate(`document.getElementById("row-501").dataset.marker = "kept"`);
    await ui.page.getByRole("button", { name: "Map selected hosts" }).click();
    await expect
      .poll(() => ui.page.locator("#mapping-notice").textContent())
      .toBe("2 mappings changed.");
    expect(await ui.page.locator("#row-502 .badge").textContent()).toBe("Mapped");
    expect(await ui.page.locator("#row-504 .badge").textContent()).toBe("Mapped");
    expect(await ui.page.locator("#row-504").textContent()).toContain("Petra Neumann");
    // Rows that did not change were not replaced.
    expect(await ui.page.locator("#row-501").getAttribute("data-marker")).toBe("kept");
    expect(await ui.page.locator("#status-filters").textContent()).toContain("Not mapped 0");
    const mapped = await ui.h.store.hostMappings.list(ui.h.salon.id);
    expect(mapped.filter((m) => m.status === "active")).toHaveLength(5);
    await expectLabelledControls();
    await ui.shoot("mappings-en");
  });

  it("switches to German", async () => {
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Zuordnungen" }).waitFor();
    expect(await ui.page.locator("html").getAttribute("lang")).toBe("de");
    await ui.shoot("mappings-de");
    await ui.page.getByRole("link", { name: "Leistungen" }).click();
    await ui.page.getByRole("link", { name: "Haarschnitt" }).click();
    await ui.page.getByRole("heading", { name: "Cal.com-Hosts" }).waitFor();
    expect(await ui.page.locator(".tile-label").allTextContents()).toContain(
      "Für diese Leistung verfügbar",
    );
    await ui.shoot("service-page-de");
    await ui.page.setViewportSize(phoneSize);
    await ui.page.screenshot({ path: `${shotsDir}/service-page-de-phone.png`, fullPage: true });
    await ui.page.setViewportSize(desktopSize);
  });

  it("toggles dark mode and keeps it across pages", async () => {
    await ui.page.getByRole("button", { name: "Dunkles Design", exact: true }).click();
    expect(await ui.page.locator("html").getAttribute("data-theme")).toBe("dark");
    await ui.page.reload();
    expect(await ui.page.locator("html").getAttribute("data-theme")).toBe("dark");
    await ui.page.getByRole("button", { name: "Dunkles Design", exact: true }).click();
    expect(await ui.page.locator("html").getAttribute("data-theme")).toBe("light");
  });

  it("gives a company admin who tampers with another company's URL a 404", async () => {
    await ui.logIn(logins.salon, { landing: ui.url(salonPath("")) });
    const response = await ui.page.goto(ui.url(`/admin/companies/${ui.h.bright.id}/mappings`));
    expect(response?.status()).toBe(404);
    expect(await ui.page.locator("h1").textContent()).toBe("Not found");
    // A forged POST with this user's own valid CSRF token gets 404 too, and changes nothing.
    await ui.page.goto(ui.url(salonPath("/mappings")));
    const path = `/admin/companies/${ui.h.bright.id}/mappings/bulk`;
    const status = await ui.page.evaluate<number>(`(async () => {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") ?? "{}");
      const res = await fetch(${JSON.stringify(path)}, {
        method: "POST",
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: "action=accept&host=602&host=603",
      });
      return res.status;
    })()`);
    expect(status).toBe(404);
    expect(await ui.h.store.hostMappings.list(ui.h.bright.id)).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
  });
});
