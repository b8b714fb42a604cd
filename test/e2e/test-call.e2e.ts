import { beforeAll, describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";
import { retellTestKey } from "../support/console-http.ts";

/** The test-call panel in Chromium: ring, check a phrase, book an offered time; EN, DE, phone. */
describe("test call in Chromium", () => {
  // The whole HTTP app: the panel's signed requests reach the Retell routes in-process.
  const ui = useConsoleBrowser({ retellKey: retellTestKey, timeout: 30_000, consoleErrors: false });

  beforeAll(() => ui.logIn(logins.salon, { landing: /\/admin\/companies\/[^/]+$/ }));

  const salonUrl = (p: string) => ui.url(`/admin/companies/${ui.h.salon.id}${p}`);

  it("is linked from the settings' Retell section", async () => {
    await ui.page.goto(salonUrl("/settings"));
    await ui.page.getByRole("link", { name: "Try a test call" }).click();
    await ui.page.getByRole("heading", { name: "Test call", exact: true }).waitFor();
    expect(await ui.page.getByLabel("Caller's number").inputValue()).toBe("+49 151 00000000");
    expect(await ui.page.locator("#test-call-unsigned").count()).toBe(0);
  });

  it("rings, checks the phrase and books an offered time, in English", async () => {
    await ui.page.getByLabel("What the caller asks for").fill("Haarschnitt übermorgen um 10");
    await ui.page.getByRole("button", { name: "Call", exact: true }).click();
    await ui.page.locator("#test-call-steps").waitFor();
    const steps = (await ui.page.locator("#test-call-steps").textContent()) ?? "";
    for (const name of ["call_inbound", "call_started", "list_services", "check_availability"])
      expect(steps).toContain(name);
    expect(await ui.page.locator("#test-call-steps blockquote.spoken").count()).toBe(2);
    // The JSON stays folded until asked for.
    const json = ui.page.locator("#test-call-steps details").last();
    expect(await json.locator("pre").first().isVisible()).toBe(false);
    await json.locator("summary").click();
    expect(await json.locator("pre").first().textContent()).toContain("check_availability");
    await ui.shoot("test-call-en");

    expect(await ui.page.locator('#test-call-book input[name="start"]').count()).toBeGreaterThan(0);
    await ui.page.getByLabel("Caller's name").fill("Erika Test");
    await ui.page.getByRole("button", { name: "Book", exact: true }).click();
    await ui.page.locator("#test-call-steps").waitFor();
    const booked = (await ui.page.locator("#test-call-steps").textContent()) ?? "";
    expect(booked).toContain("book_appointment");
    expect(booked).toContain("call_ended");
    expect(await ui.page.locator("#test-call-steps .badge-danger").count()).toBe(0);
    await ui.shoot("test-call-booked-en");

    await ui.page.getByRole("link", { name: "This call on the calls page" }).click();
    await ui.page.getByRole("heading", { name: /^Call from/ }).waitFor();
    const badges = await ui.page.locator(".page-header .badge, header .badge").allTextContents();
    expect(badges.join(" ")).toContain("Booked");
    expect(badges.join(" ")).toContain("Test call");
  });

  it("works in German, at phone width too", async () => {
    await ui.page.goto(salonUrl("/test-call"));
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Testanruf", exact: true }).waitFor();
    await ui.page.getByLabel("Was die Anrufer:in möchte").fill("Haarschnitt übermorgen um 11");
    await ui.page.getByRole("button", { name: "Anrufen", exact: true }).click();
    await ui.page.locator("#test-call-steps").waitFor();
    expect(await ui.page.locator("#test-call-steps blockquote.spoken").count()).toBe(2);
    await ui.shoot("test-call-de", { phone: true });
    expect(ui.dialogs).toEqual([]);
  });

  it("answers another company's panel with a 404", async () => {
    const response = await ui.page.goto(ui.url(`/admin/companies/${ui.h.bright.id}/test-call`));
    expect(response?.status()).toBe(404);
    expect(ui.pageErrors).toEqual([]);
  });
});
