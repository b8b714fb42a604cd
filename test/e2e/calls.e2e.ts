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
import { newAppointment } from "../support/factories.ts";

const shots = resolve(import.meta.dirname, "../../test-results/console");
const planted = `<script>alert("planted")</script> "><img src=x onerror=alert(1)>`;

/** The calls and deliveries pages in Chromium: German and English, light and dark, phone width. */
describe("calls and deliveries in Chromium", () => {
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    h = await buildConsole("sqlite");
    const s = h.salon.id;
    const base = {
      agentId: "agent_salon",
      toNumber: "+493012345678",
      direction: "inbound",
      status: "ended",
      endedAt: null,
    };
    const calls = [
      ["call-a", "+4915112345678", "successful", 184_000, "Booked a haircut with Anna for Friday."],
      ["call-b", "+4917012345678", "successful", 95_000, "Moved the appointment to next week."],
      ["call-c", "+4930987654", "successful", 42_000, "Asked for the opening hours on Saturday."],
      ["call-d", null, "unsuccessful", 12_000, `Hung up. ${planted}`],
      ["call-e", "+447700900123", null, null, null],
    ] as const;
    for (const [id, from, outcome, durationMs, summary] of calls)
      await h.store.calls.upsert(s, {
        ...base,
        retellCallId: id,
        fromNumber: from,
        startedAt: new Date().toISOString(),
        durationMs,
        summary,
        outcome,
        status: id === "call-e" ? "ongoing" : "ended",
      });
    const [service] = await h.store.services.list(s);
    await newAppointment(h.store, h.salon, {
      source: "voice",
      retellCallId: "call-a",
      serviceId: service!.id,
    });
    await newAppointment(h.store, h.salon, {
      source: "voice",
      retellCallId: "call-b",
      serviceId: service!.id,
      rescheduledFromUid: "booking-before",
    });
    const deliveries = [
      ["calcom", "BOOKING_CREATED", "BOOKING_CREATED:uid-7f3a", "created", null],
      ["retell", "call_analyzed", "call_analyzed:call-a", "recorded", null],
      ["calcom", "BOOKING_CANCELLED", "BOOKING_CANCELLED:uid-19bc", "cancelled", null],
      ["calcom", "MEETING_ENDED", "MEETING_ENDED:9f2c", "ignored", null],
      [
        "calcom",
        "BOOKING_CREATED",
        `BOOKING_CREATED:${planted}#retriable:1`,
        "refused_foreign_event_type",
        "event type 4711 is not in this company's team",
      ],
    ] as const;
    for (const [provider, eventType, dedupeKey, outcome, error] of deliveries) {
      const at = new Date().toISOString();
      const { id } = await h.store.inbox.record(s, {
        provider,
        eventType,
        dedupeKey,
        payload: JSON.stringify({ attendee: "Erika Mustermann" }),
        receivedAt: at,
      });
      await h.store.inbox.markProcessed(s, id, outcome, error, at);
    }
    server = await serveConsole(h);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/admin/login`);
    await page.getByLabel("Email").fill(logins.salon);
    await page.getByLabel("Password").fill(consolePassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin\/companies\/[^/]+$/);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  const salonUrl = (p: string) => `${server.url}/admin/companies/${h.salon.id}${p}`;

  async function shoot(name: string) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${shots}/${name}-${scheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: "light" });
  }

  /** At phone width the table stacks: nothing wider than the screen. */
  async function shootPhone(name: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>(
      "document.documentElement.scrollWidth - window.innerWidth",
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(`${name}-phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** Planted markup stays text: no element, no script run. */
  async function expectInert() {
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.locator("main script").count()).toBe(0);
    expect(dialogs).toEqual([]);
  }

  it("shows the calls in English with their results and appointments", async () => {
    await page.getByRole("link", { name: "Calls", exact: true }).click();
    await page.getByRole("heading", { name: "Calls" }).waitFor();
    expect(await page.locator("#calls-table tbody tr").count()).toBe(5);
    const badges = await page.locator("#calls-table .badge").allTextContents();
    for (const word of [
      "Booked",
      "Rescheduled",
      "Handled, no booking",
      "Nothing done",
      "In progress",
    ])
      expect(badges).toContain(word);
    expect(await page.locator("#calls-table").textContent()).toContain("01511 2345678");
    expect(await page.locator("#calls-table").textContent()).toContain(`Hung up. ${planted}`);
    await expectInert();
    await shoot("calls-en");
  });

  it("opens a call: facts, appointments, no transcript kept", async () => {
    await page.locator('#calls-table a[href$="/calls/call-a"]').click();
    await page.getByRole("heading", { name: "Call from 01511 2345678" }).waitFor();
    expect(await page.locator("#call-appointments li").count()).toBe(1);
    expect(await page.locator("#call-transcript").textContent()).toContain("Not kept (privacy)");
    await shoot("calls-detail-en");
    await page.getByRole("link", { name: "Appointments page" }).click();
    await page.waitForURL(salonUrl("/appointments"));
  });

  it("shows the deliveries in English, filters them and never the payload", async () => {
    await page.getByRole("link", { name: "Deliveries", exact: true }).click();
    await page.getByRole("heading", { name: "Deliveries" }).waitFor();
    expect(await page.locator("#deliveries-table tbody tr").count()).toBe(5);
    const text = (await page.locator("#deliveries-table").textContent()) ?? "";
    expect(text).toContain("Refused: event type not ours");
    expect(text).toContain(`Booking ${planted}`);
    expect(text).not.toContain("Mustermann");
    await expectInert();
    await shoot("deliveries-en");
    await page.getByLabel("Provider").selectOption("retell");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/provider=retell/);
    expect(await page.locator("#deliveries-table tbody tr").count()).toBe(1);
    await page.getByRole("link", { name: /^Call call-a/ }).click();
    await page.getByRole("heading", { name: "Call from 01511 2345678" }).waitFor();
  });

  it("shows both pages in German, at phone width too", async () => {
    await page.goto(salonUrl("/calls"));
    await page.getByRole("button", { name: "DE", exact: true }).click();
    await page.getByRole("heading", { name: "Anrufe" }).waitFor();
    expect(await page.locator("#calls-table .badge").allTextContents()).toContain(
      "Erledigt, ohne Buchung",
    );
    await shoot("calls-de");
    await shootPhone("calls-de");
    await page.getByRole("link", { name: "Zustellungen", exact: true }).click();
    await page.getByRole("heading", { name: "Zustellungen" }).waitFor();
    expect(await page.locator("#deliveries-table .badge").allTextContents()).toContain(
      "Abgewiesen: fremder Termintyp",
    );
    await shoot("deliveries-de");
    await shootPhone("deliveries-de");
    await expectInert();
  });

  it("answers another company's call with a 404", async () => {
    const response = await page.goto(`${server.url}/admin/companies/${h.bright.id}/calls`);
    expect(response?.status()).toBe(404);
    expect(pageErrors).toEqual([]);
  });
});
