import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";
import { newAppointment } from "../support/factories.ts";

describe("appointments in Chromium", () => {
  const ui = useConsoleBrowser({
    timeout: 30_000,
    consoleErrors: false,
    shots: { prefix: "appointments-" },
  });

  const berlin = (days: number, hour: number) =>
    DateTime.now().setZone("Europe/Berlin").startOf("day").plus({ days }).set({ hour });
  const slot = (start: DateTime, minutes = 45) => ({
    startAt: start.toUTC().toISO()!,
    endAt: start.plus({ minutes }).toUTC().toISO()!,
  });

  beforeAll(async () => {
    const staff = await ui.h.store.staff.list(ui.h.salon.id);
    const services = await ui.h.store.services.list(ui.h.salon.id);
    const customer = await ui.h.store.customers.upsertByPhone(ui.h.salon.id, {
      phone: "+4915112345678",
      name: "Max Mustermann",
      email: null,
    });
    const active = staff.filter((s) => s.active);
    // A busy salon: two and a half weeks of appointments, so the list pages.
    for (let i = 0; i < 100; i++)
      await newAppointment(ui.h.store, ui.h.salon, {
        ...slot(berlin(Math.floor(i / 6) - 4, 9 + (i % 6))),
        staffId: i % 5 === 4 ? null : active[i % active.length]!.id,
        serviceId: services[i % services.length]!.id,
        status: i % 9 === 0 ? "pending" : i % 13 === 0 ? "cancelled" : "accepted",
        attendeeName: `Kundin ${i + 1}`,
        notes: i % 4 === 0 ? "Bitte Pony nachschneiden" : null,
      });
    await newAppointment(ui.h.store, ui.h.salon, {
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
    await newAppointment(ui.h.store, ui.h.salon, {
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
    await ui.logIn(logins.salon, { landing: /\/admin\/companies\/[^/]+$/ });
  });

  const url = (p: string) => ui.url(`/admin/companies/${ui.h.salon.id}/appointments${p}`);

  /** Desktop and phone width, each light and dark; neither scrolls sideways. */
  async function shoot(name: string) {
    await ui.shoot(`${name}-desktop`, { fits: true });
    await ui.shoot(name, { phone: "only" });
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
      await ui.page.goto(url(""));
      // The language switch in the header: the user's choice, kept for the next pages.
      await ui.page.locator(`form.lang button[value="${locale}"]`).click();
      await ui.page.waitForLoadState("load");
      await expect
        .poll(() => ui.page.locator('nav.appointment-tabs a[aria-current="page"]').textContent())
        .toBe(t.upcoming);
      const rows = ui.page.locator("#appointments-table tbody tr");
      expect(await rows.count()).toBe(50);
      await shoot(`list-${locale}`);

      await ui.page.getByRole("link", { name: t.next }).click();
      await ui.page.waitForURL(/cursor=/);
      expect(await rows.count()).toBeGreaterThan(0);

      await ui.page.getByRole("link", { name: t.past }).click();
      await ui.page.waitForURL(/tab=past/);
      const firstPast = await rows.first().locator("time").getAttribute("datetime");
      const lastPast = await rows.last().locator("time").getAttribute("datetime");
      expect(firstPast! >= lastPast!).toBe(true);

      // The phone number as a caller would type it finds the voice bookings, both ends of the move.
      await ui.page.getByRole("link", { name: t.upcoming }).click();
      await ui.page.getByLabel(t.search).fill("0151 12345678");
      await ui.page.getByRole("button", { name: t.filter }).click();
      await ui.page.waitForURL(/q=0151/);
      expect(await rows.count()).toBe(2);
      await expect
        .poll(() => ui.page.locator("#appointments-table").textContent())
        .toContain(t.call);
      expect(await ui.page.locator("#appointments-table").textContent()).toContain("01511 2345678");
      await shoot(`search-${locale}`);
      await ui.page
        .locator("#appointments-table span.block", { hasText: t.movedTo })
        .locator("a")
        .click();
      await ui.page.waitForURL(/#appointment-/);
      await expect.poll(() => ui.page.locator(":target").count()).toBe(1);

      await ui.page.goto(url(""));
      await ui.page.getByLabel(t.staff).selectOption({ label: t.notMapped });
      await ui.page.getByRole("button", { name: t.filter }).click();
      await ui.page.waitForURL(/staff=unmapped/);
      expect(await rows.count()).toBeGreaterThan(0);

      await ui.page.goto(url(""));
      await ui.page.locator("nav.filter-tabs").getByRole("link", { name: t.week }).click();
      await ui.page.waitForURL(/view=week/);
      const grid = ui.page.locator("#appointments-week");
      expect(await grid.locator("tbody tr").count()).toBe(7);
      expect(await grid.locator("thead th").last().textContent()).toBe(t.notMapped);
      await shoot(`week-${locale}`);
      expect(ui.pageErrors).toEqual([]);
    });
  }
});
