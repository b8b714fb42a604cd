import { beforeAll, describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";
import { newAppointment } from "../support/factories.ts";

const planted = `<script>alert("planted")</script> "><img src=x onerror=alert(1)>`;

/** The calls and deliveries pages in Chromium: German and English, light and dark, phone width. */
describe("calls and deliveries in Chromium", () => {
  const ui = useConsoleBrowser({ timeout: 30_000, consoleErrors: false });

  beforeAll(async () => {
    const s = ui.h.salon.id;
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
      ["call-f", "+4915798765432", "successful", 61_000, "Asked when the next appointment is."],
      ["call-g", "+4916012345678", "successful", 73_000, "Cancelled Friday's appointment."],
    ] as const;
    for (const [id, from, outcome, durationMs, summary] of calls)
      await ui.h.store.calls.upsert(s, {
        ...base,
        retellCallId: id,
        fromNumber: from,
        startedAt: new Date().toISOString(),
        durationMs,
        summary,
        outcome,
        status: id === "call-e" ? "ongoing" : "ended",
        sentiment: id === "call-d" ? "Negative" : outcome ? "Positive" : null,
      });
    // What the voice functions note: F's look-up found appointments, G cancelled one.
    const at = new Date().toISOString();
    for (const [id, actions] of [
      ["call-f", ["found"]],
      ["call-g", ["found", "cancelled"]],
    ] as const)
      for (const action of actions)
        await ui.h.store.calls.noteAction(
          s,
          { retellCallId: id, agentId: "agent_salon", fromNumber: null, toNumber: null },
          action,
          at,
        );
    const [service] = await ui.h.store.services.list(s);
    await newAppointment(ui.h.store, ui.h.salon, {
      source: "voice",
      retellCallId: "call-a",
      serviceId: service!.id,
    });
    await newAppointment(ui.h.store, ui.h.salon, {
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
      const { id } = await ui.h.store.inbox.record(s, {
        provider,
        eventType,
        dedupeKey,
        payload: JSON.stringify({ attendee: "Erika Mustermann" }),
        receivedAt: at,
      });
      await ui.h.store.inbox.markProcessed(s, id, outcome, error, at);
    }
    await ui.logIn(logins.salon, { landing: /\/admin\/companies\/[^/]+$/ });
  });

  const salonUrl = (p: string) => ui.url(`/admin/companies/${ui.h.salon.id}${p}`);

  /** Planted markup stays text: no element, no script run. */
  async function expectInert() {
    expect(await ui.page.locator("main img").count()).toBe(0);
    expect(await ui.page.locator("main script").count()).toBe(0);
    expect(ui.dialogs).toEqual([]);
  }

  it("shows the calls in English with their results and appointments", async () => {
    await ui.page.getByRole("link", { name: "Calls", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Calls" }).waitFor();
    expect(await ui.page.locator("#calls-table tbody tr").count()).toBe(7);
    const badges = await ui.page.locator("#calls-table .badge").allTextContents();
    for (const word of [
      "Booked",
      "Rescheduled",
      "Cancelled",
      "Appointments looked up",
      "Handled, no booking",
      "Nothing done",
      "In progress",
    ])
      expect(badges).toContain(word);
    const table = (await ui.page.locator("#calls-table").textContent()) ?? "";
    expect(table).toContain("Positive");
    expect(table).toContain("Negative");
    expect(await ui.page.locator("#calls-table").textContent()).toContain("01511 2345678");
    expect(await ui.page.locator("#calls-table").textContent()).toContain(`Hung up. ${planted}`);
    await expectInert();
    await ui.shoot("calls-en");
  });

  it("filters the calls by result, and shows a cancelling call's facts", async () => {
    await ui.page.getByLabel("Result").selectOption("cancelled");
    await ui.page.getByRole("button", { name: "Filter" }).click();
    await ui.page.waitForURL(/outcome=cancelled/);
    expect(await ui.page.locator("#calls-table tbody tr").count()).toBe(1);
    await ui.page.locator('#calls-table a[href$="/calls/call-g"]').click();
    await ui.page.getByRole("heading", { name: /^Call from/ }).waitFor();
    const facts = (await ui.page.locator("#call-facts").textContent()) ?? "";
    expect(facts).toContain("Appointment cancelled");
    expect(facts).toContain("Appointments found");
    expect(facts).toContain("Positive");
    await ui.shoot("calls-cancelled-en");
    await ui.page.goto(salonUrl("/calls"));
  });

  it("opens a call: facts, appointments, no transcript kept", async () => {
    await ui.page.locator('#calls-table a[href$="/calls/call-a"]').click();
    await ui.page.getByRole("heading", { name: "Call from 01511 2345678" }).waitFor();
    expect(await ui.page.locator("#call-appointments li").count()).toBe(1);
    expect(await ui.page.locator("#call-transcript").textContent()).toContain("Not kept (privacy)");
    await ui.shoot("calls-detail-en");
    await ui.page.getByRole("link", { name: "Appointments page" }).click();
    await ui.page.waitForURL(salonUrl("/appointments"));
  });

  it("shows the deliveries in English, filters them and never the payload", async () => {
    await ui.page.getByRole("link", { name: "Deliveries", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Deliveries" }).waitFor();
    expect(await ui.page.locator("#deliveries-table tbody tr").count()).toBe(5);
    const text = (await ui.page.locator("#deliveries-table").textContent()) ?? "";
    expect(text).toContain("Refused: event type not ours");
    expect(text).toContain(`Booking ${planted}`);
    expect(text).not.toContain("Mustermann");
    await expectInert();
    await ui.shoot("deliveries-en");
    await ui.page.getByLabel("Provider").selectOption("retell");
    await ui.page.getByRole("button", { name: "Filter" }).click();
    await ui.page.waitForURL(/provider=retell/);
    expect(await ui.page.locator("#deliveries-table tbody tr").count()).toBe(1);
    await ui.page.getByRole("link", { name: /^Call call-a/ }).click();
    await ui.page.getByRole("heading", { name: "Call from 01511 2345678" }).waitFor();
  });

  it("shows both pages in German, at phone width too", async () => {
    await ui.page.goto(salonUrl("/calls"));
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Anrufe" }).waitFor();
    const badges = await ui.page.locator("#calls-table .badge").allTextContents();
    for (const word of ["Erledigt, ohne Buchung", "Storniert", "Termine nachgeschaut"])
      expect(badges).toContain(word);
    await ui.shoot("calls-de", { phone: true });
    await ui.page.getByRole("link", { name: "Zustellungen", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Zustellungen" }).waitFor();
    expect(await ui.page.locator("#deliveries-table .badge").allTextContents()).toContain(
      "Abgewiesen: fremder Termintyp",
    );
    await ui.shoot("deliveries-de", { phone: true });
    await expectInert();
  });

  it("answers another company's call with a 404", async () => {
    const response = await ui.page.goto(ui.url(`/admin/companies/${ui.h.bright.id}/calls`));
    expect(response?.status()).toBe(404);
    expect(ui.pageErrors).toEqual([]);
  });
});
