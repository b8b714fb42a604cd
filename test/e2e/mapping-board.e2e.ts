import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { desktopSize, phoneSize, shotsDir, useConsoleBrowser } from "../support/console-browser.ts";

describe("the mapping board and live pages in Chromium", () => {
  // Its page is the board; `list` is a second tab.
  const ui = useConsoleBrowser({ timeout: 30_000, consoleErrors: false });
  let list: Page;

  beforeAll(async () => {
    // Matching: 501, 502 and 505 mapped, 503 (Sophie) suggested, 504 (Mehmet) unmapped.
    await ui.h.useCases.sync.syncServiceHosts(
      { company: ui.h.salon, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    await ui.logIn(logins.salon);
    // A second tab of the same login: the mappings list another admin would have open.
    list = await ui.newPage();
  });

  const path = (p: string) => ui.url(`/admin/companies/${ui.h.salon.id}${p}`);
  const staffOf = async (calcomUserId: number) => {
    const m = await ui.h.store.hostMappings.find(ui.h.salon.id, calcomUserId);
    const staff = m ? await ui.h.store.staff.findById(ui.h.salon.id, m.staffId) : null;
    return m?.status === "active" ? (staff?.name ?? null) : null;
  };

  /** Light and dark, then at phone width (light). */
  async function shoot(name: string) {
    await ui.shoot(name);
    await ui.page.setViewportSize(phoneSize);
    await ui.page.screenshot({ path: `${shotsDir}/${name}-phone.png`, fullPage: true });
    await ui.page.setViewportSize(desktopSize);
  }

  /** Until this many pages listen: a change before a page's stream is open is not heard. */
  const listening = (pages: number) =>
    expect.poll(() => ui.h.changes.listenerCount(ui.h.salon.id)).toBe(pages);

  it("maps a host dragged onto a staff member, and the open mappings list follows by itself", async () => {
    await list.goto(path("/mappings"));
    await ui.page.goto(path("/mappings/board"));
    await listening(2);
    await expect.poll(() => ui.page.locator("#board-host-504").count()).toBe(1);
    await shoot("mapping-board");

    const listRow = list.locator("#row-504");
    await expect.poll(() => listRow.getAttribute("class")).toContain("status-unmapped");
    const petra = ui.page.locator(".board-staff", { hasText: "Petra Neumann" });
    await ui.page.locator("#board-host-504").dragTo(petra);
    await expect
      .poll(() => ui.page.locator("#board-notice").textContent())
      .toContain("Petra Neumann");
    await expect.poll(() => petra.textContent()).toContain("Mehmet");
    expect(await staffOf(504)).toBe("Petra Neumann");
    // The other tab: no reload, the row says mapped now.
    await expect
      .poll(() => listRow.getAttribute("class"), { timeout: 5_000 })
      .toContain("status-active");
    await expect.poll(() => listRow.textContent()).toContain("Petra Neumann");
  });

  it("maps by keyboard: the card's labelled select and its Map button", async () => {
    await ui.page.goto(path("/mappings/board"));
    const card = ui.page.locator("#board-host-503");
    const select = card.getByRole("combobox");
    await select.focus();
    await select.selectOption({ label: "Sophie Weiss · s.weiss@salon-beispiel.de" });
    await card.getByRole("button", { name: /Zuordnen|Map/ }).focus();
    await ui.page.keyboard.press("Enter");
    await expect.poll(() => staffOf(503)).toBe("Sophie Weiss");
    await expect.poll(() => ui.page.locator("#board-host-503").count()).toBe(0);
    await expect.poll(() => ui.page.locator(".board-list .empty, .board .empty").count()).toBe(1);
    expect(ui.pageErrors).toEqual([]);
  });

  it("shows a refusal on the card, in place", async () => {
    const ctx = { company: ui.h.salon, actor: { type: "cli" } } as const;
    await ui.h.useCases.mappings.changeHostMapping(ctx, { verb: "unset", calcomUserId: 504 });
    await ui.page.goto(path("/mappings/board"));
    const card = ui.page.locator("#board-host-504");
    await card
      .getByRole("combobox")
      .selectOption({ label: "Petra Neumann · petra.neumann@salon-beispiel.de" });
    // Petra is deactivated in another tab before this card is submitted.
    const petra = (await ui.h.store.staff.list(ui.h.salon.id)).find(
      (s) => s.name === "Petra Neumann",
    )!;
    await ui.h.useCases.staff.updateStaff(ctx, petra.id, { active: false });
    await card.getByRole("button", { name: "Map" }).click();
    await expect
      .poll(() => ui.page.locator("#board-host-504 [role=alert]").textContent())
      .toContain("This staff member was deactivated meanwhile.");
    await shoot("mapping-board-refused");
    expect(await staffOf(504)).toBeNull();
    expect(ui.pageErrors).toEqual([]);
  });
});
