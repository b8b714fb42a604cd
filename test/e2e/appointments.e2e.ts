import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { DateTime } from "luxon";
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

describe("appointments in Chromium", () => {
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  const berlin = (days: number, hour: number) =>
    DateTime.now().setZone("Europe/Berlin").startOf("day").plus({ days }).set({ hour });
  const slot = (start: DateTime, minutes = 45) => ({
    startAt: start.toUTC().toISO()!,
    endAt: start.plus({ minutes }).toUTC().toISO()!,
  });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    h = await buildConsole("sqlite");
    const staff = await h.store.staff.list(h.salon.id);
    const services = await h.store.services.list(h.salon.id);
    const customer = await h.store.customers.upsertByPhone(h.salon.id, {
      phone: "+4915112345678",
      name: "Max Mustermann",
      email: null,
    });
    const active = staff.filter((s) => s.active);
    // A busy salon: two and a half weeks of appointments, so the list pages.
    for (let i = 0; i < 100; i++)
      await newAppointment(h.store, h.salon, {
        ...slot(berlin(Math.floor(i / 6) - 4, 9 + (i % 6))),
        staffId: i % 5 === 4 ? null : active[i % active.length]!.id,
        serviceId: services[i % services.length]!.id,
        status: i % 9 === 0 ? "pending" : i % 13 === 0 ? "cancelled" : "accepted",
        attendeeName: `Kundin ${i + 1}`,
        notes: i % 4 === 0 ? "Bitte Pony nachschneiden" : null,
      });
    await newAppointment(h.store, h.salon, {
      ...slot(berlin(1, 16)),
      staffId: active[0]!.id,
      serviceId: services[0]!.id,
      customerId: customer.id,
      source: "voice",
      attendeeName: null,
      attendeeEmail: null,
      retellCallId: "call_7f3a9c2e41b8d605",
      status: "rescheduled",
      bookingUid: "e2e-old",
      rescheduledToUid: "e2e-new",
    });
    await newAppointment(h.store, h.salon, {
      ...slot(berlin(2, 17)),
      staffId: active[0]!.id,
      serviceId: services[0]!.id,
      customerId: customer.id,
      source: "voice",
      attendeeName: null,
      attendeeEmail: null,
      retellCallId: "call_7f3a9c2e41b8d605",
      bookingUid: "e2e-new",
      rescheduledFromUid: "e2e-old",
      notes: "Am Telefon verschoben",
    });
    server = await serveConsole(h);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
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

  const url = (p: string) => `${server.url}/admin/companies/${h.salon.id}/appointments${p}`;

  /** Desktop and phone width, each light and dark; the phone never scrolls sideways. */
  async function shoot(name: string) {
    for (const [width, height, size] of [
      [1280, 900, "desktop"],
      [390, 844, "phone"],
    ] as const) {
      await page.setViewportSize({ width, height });
      const overflow = await page.evaluate<number>(
        "document.documentElement.scrollWidth - window.innerWidth",
      );
      expect([name, size, overflow]).toEqual([name, size, 0]);
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({
          path: `${shots}/appointments-${name}-${size}-${scheme}.png`,
          fullPage: true,
        });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
  }

  for (const locale of ["en", "de"] as const) {
    const t =
      locale === "en"
        ? {
            upcoming: "Upcoming",
            past: "Past",
            next: "Next page",
            staff: "Staff member",
            search: "Name or phone",
            filter: "Filter",
            week: "Week",
            movedTo: "Moved to",
            notMapped: "not mapped",
            call: "Call …b8d605",
          }
        : {
            upcoming: "Anstehend",
            past: "Vergangen",
            next: "Nächste Seite",
            staff: "Mitarbeiter:in",
            search: "Name oder Telefon",
            filter: "Filter",
            week: "Woche",
            movedTo: "Verschoben auf",
            notMapped: "nicht zugeordnet",
            call: "Anruf …b8d605",
          };

    it(`works through tabs, filters, search, pages and the week (${locale})`, async () => {
      await page.goto(url(""));
      // The language switch in the header: the user's choice, kept for the next pages.
      await page.locator(`form.lang button[value="${locale}"]`).click();
      await page.waitForLoadState("load");
      await expect
        .poll(() => page.locator('nav.appointment-tabs a[aria-current="page"]').textContent())
        .toBe(t.upcoming);
      const rows = page.locator("#appointments-table tbody tr");
      expect(await rows.count()).toBe(50);
      await shoot(`list-${locale}`);

      await page.getByRole("link", { name: t.next }).click();
      await page.waitForURL(/cursor=/);
      expect(await rows.count()).toBeGreaterThan(0);

      await page.getByRole("link", { name: t.past }).click();
      await page.waitForURL(/tab=past/);
      const firstPast = await rows.first().locator("time").getAttribute("datetime");
      const lastPast = await rows.last().locator("time").getAttribute("datetime");
      expect(firstPast! >= lastPast!).toBe(true);

      // The phone number as a caller would type it finds the voice bookings, both ends of the move.
      await page.getByRole("link", { name: t.upcoming }).click();
      await page.getByLabel(t.search).fill("0151 12345678");
      await page.getByRole("button", { name: t.filter }).click();
      await page.waitForURL(/q=0151/);
      expect(await rows.count()).toBe(2);
      await expect.poll(() => page.locator("#appointments-table").textContent()).toContain(t.call);
      expect(await page.locator("#appointments-table").textContent()).toContain("01511 2345678");
      await shoot(`search-${locale}`);
      await page
        .locator("#appointments-table span.block", { hasText: t.movedTo })
        .locator("a")
        .click();
      await page.waitForURL(/#appointment-/);
      await expect.poll(() => page.locator(":target").count()).toBe(1);

      await page.goto(url(""));
      await page.getByLabel(t.staff).selectOption({ label: t.notMapped });
      await page.getByRole("button", { name: t.filter }).click();
      await page.waitForURL(/staff=unmapped/);
      expect(await rows.count()).toBeGreaterThan(0);

      await page.goto(url(""));
      await page.locator("nav.filter-tabs").getByRole("link", { name: t.week }).click();
      await page.waitForURL(/view=week/);
      const grid = page.locator("#appointments-week");
      expect(await grid.locator("tbody tr").count()).toBe(7);
      expect(await grid.locator("thead th").last().textContent()).toBe(t.notMapped);
      await shoot(`week-${locale}`);
      expect(pageErrors).toEqual([]);
    });
  }
});
