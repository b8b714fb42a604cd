import { describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";

describe("refusals in the user's language, and the phone's tab bar, in Chromium", () => {
  // The refused form answers 422, which Chromium logs as a failed load (ignored).
  const ui = useConsoleBrowser();

  const settings = () => `/admin/companies/${ui.h.salon.id}/settings`;

  /** Submits a suggestion threshold above the automatic one; the page answers with a sentence. */
  async function refuseThresholds(suggestLabel: string, sentence: string) {
    const auto = ui.h.salon.thresholds.auto;
    await ui.page.getByLabel(suggestLabel).fill(String(auto + 5));
    await ui.page.locator("#settings-matching").getByRole("button").click();
    const notice = ui.page.locator("#settings-matching .notice-danger");
    await notice.getByText(sentence).waitFor();
    expect(await ui.page.getByLabel(suggestLabel).inputValue()).toBe(String(auto + 5));
    await notice.scrollIntoViewIfNeeded();
  }

  it("says a refused setting in English with its label, keeping the value typed", async () => {
    await ui.logIn(logins.salon, { from: settings(), landing: ui.url(settings()) });
    const auto = ui.h.salon.thresholds.auto;
    await refuseThresholds(
      "Suggest from (confidence)",
      `Suggest from (confidence): at most ${auto} (the automatic mapping's threshold)`,
    );
    await ui.shoot("refused-settings-en");
  });

  it("and in German", async () => {
    await ui.page.goto(ui.url(settings()));
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Einstellungen", exact: true }).waitFor();
    const auto = ui.h.salon.thresholds.auto;
    await refuseThresholds(
      "Vorschlagen ab (Sicherheit)",
      `Vorschlagen ab (Sicherheit): höchstens ${auto} (die Schwelle der automatischen Zuordnung)`,
    );
    await ui.shoot("refused-settings-de");
  });

  it("at 390 px the tab bar fades on the side where more tabs are hidden", async () => {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ui.page.goto(ui.url(`/admin/companies/${ui.h.salon.id}`));
    const tabs = ui.page.locator("nav.tabs");
    const more = () => tabs.getAttribute("data-more");
    // Strings run in the page: this project's TypeScript has no DOM types.
    const bar = `document.querySelector("nav.tabs")`;
    const mask = () =>
      ui.page.evaluate<string>(
        `getComputedStyle(${bar}).maskImage || getComputedStyle(${bar}).webkitMaskImage`,
      );
    const scrollTo = (left: string) => ui.page.evaluate(`${bar}.scrollLeft = ${left}`);
    await expect.poll(more).toBe("end");
    expect(await mask()).toContain("linear-gradient");
    await ui.shoot("tabs-phone-start");

    await scrollTo("120");
    await expect.poll(more).toBe("start end");
    await scrollTo(`${bar}.scrollWidth`);
    await expect.poll(more).toBe("start");
    await ui.shoot("tabs-phone-end");

    // The page itself stays within the screen: only the bar scrolls.
    await ui.expectFits();
    // On a wide screen every tab fits: nothing fades.
    await ui.page.setViewportSize({ width: 1600, height: 900 });
    await expect.poll(more).toBe("");
    expect(await mask()).toBe("none");
    expect(ui.pageErrors).toEqual([]);
  });
});
