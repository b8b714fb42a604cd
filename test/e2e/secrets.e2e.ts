import { describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";

describe("rotating the webhook secret and removing a number in Chromium", () => {
  const ui = useConsoleBrowser({ consoleErrors: { ignore: [] }, shots: { prefix: "secrets-" } });

  const settingsPath = () => `/admin/companies/${ui.h.salon.id}/settings`;

  it("asks before a new secret, then shows until when the previous one is accepted", async () => {
    const before = (await ui.h.store.companies.findById(
      ui.h.salon.id,
    ))!.calcom.webhookSecret!.reveal();
    await ui.logIn(logins.platform, { from: settingsPath(), landing: ui.url(settingsPath()) });
    await ui.page.getByRole("link", { name: "Generate a new secret" }).click();
    await ui.page.getByRole("heading", { name: "Generate a new webhook secret?" }).waitFor();
    // Asking changed nothing.
    expect(
      (await ui.h.store.companies.findById(ui.h.salon.id))!.calcom.webhookSecret!.reveal(),
    ).toBe(before);
    await ui.shoot("rotate-confirm-en");
    await ui.fitsPhone();
    await ui.page.getByRole("button", { name: "Generate the new secret" }).click();
    await ui.page.waitForURL(/saved=webhook/);
    const notice = ui.page.locator("#previous-secret");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/The previous secret is still accepted until \S/);
    const calcom = (await ui.h.store.companies.findById(ui.h.salon.id))!.calcom;
    expect(calcom.previousWebhookSecret?.secret.reveal()).toBe(before);
    expect(calcom.webhookSecret!.reveal()).not.toBe(before);
    await ui.shoot("settings-window-en", { target: "#settings-webhook" });
    await ui.shoot("settings-window-page-en");
    await ui.fitsPhone();
  });

  it("asks before removing a phone number, then removes it", async () => {
    const number = (await ui.h.store.phoneNumbers.list(ui.h.salon.id))[0]!.number;
    await ui.page.goto(ui.url(`${settingsPath()}#settings-phones`));
    await ui.page.getByRole("button", { name: `Remove ${number}` }).click();
    await ui.page.getByRole("heading", { name: `Remove ${number}?` }).waitFor();
    expect((await ui.h.store.phoneNumbers.list(ui.h.salon.id)).map((p) => p.number)).toContain(
      number,
    );
    await ui.shoot("remove-number-confirm-en");
    await ui.fitsPhone();
    await ui.page.getByRole("button", { name: "Remove", exact: true }).click();
    await ui.page.waitForURL(/saved=phones/);
    expect((await ui.h.store.phoneNumbers.list(ui.h.salon.id)).map((p) => p.number)).not.toContain(
      number,
    );
    expect(ui.pageErrors).toEqual([]);
  });
});
