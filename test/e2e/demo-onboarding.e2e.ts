import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { type RunningDemo, startDemo } from "../../src/app/demo.ts";
import { launchChromium } from "../support/console-browser.ts";

const shots = resolve(import.meta.dirname, "../../test-results/console");

/** Whether something can listen on this port of 127.0.0.1 right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once("error", () => done(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => done(true)));
  });
}

/** A free port whose next one is free too: the server's and the simulator's (PORT+1). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error("no two free neighbouring ports");
}

// Tuesday 2 March 2027, 08:00 in Berlin when the test starts, and ticking from there: "morgen"
// is a Wednesday the salon is open, for the server and the simulator alike, across the restart.
const startedAt = Date.now();
const base = Date.parse("2027-03-02T07:00:00.000Z");
const clock = { now: () => new Date(base + (Date.now() - startedAt)) };

/**
 * A new business from the wizard alone to a booked test call, on the real demo (SQLite, the
 * built-in Cal.com simulator, the whole server), then the same after a restart. Only the
 * console's pages are used: no use-case, no SQL, no CLI.
 */
describe("a new business onboarded in the demo, in Chromium", () => {
  let dir: string;
  let port: number;
  let demo: RunningDemo | null = null;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let companyPath: string;
  /** "Connected to team …": the simulator team made for the company. */
  let connectedTeam: string;
  const pageErrors: string[] = [];

  const config = () =>
    loadConfig({
      DATABASE_URL: `sqlite:${join(dir, "frontdesk.db")}`,
      FRONTDESK_DATA_DIR: dir,
      PORT: String(port),
      RETELL_API_KEY: "key_demo_onboarding_e2e",
      LOG_LEVEL: "silent",
    });
  const start = () =>
    startDemo(config(), {
      simulator: { now: clock.now, latency: "zero" },
      container: { clock },
    });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-e2e-"));
    port = await freePortPair();
    demo = await start();
    await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh Chromium profile: no cookie, no connection kept from before. */
  async function openBrowser() {
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // A script or style the console's CSP refuses, and any other error the page logs.
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
    page.on("response", (r) => {
      if (r.status() >= 500) pageErrors.push(`${r.status()} ${r.url()}`);
    });
  }

  const url = (path: string) => `${demo!.server.url}${path}`;
  const at = (path: string) => url(`${companyPath}${path}`);

  async function shoot(name: string) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: `${shots}/demo-onboarding-${name}-${scheme}.png`,
        fullPage: true,
      });
    }
    await page.emulateMedia({ colorScheme: "light" });
  }

  async function logIn() {
    await page.goto(url("/admin/login"));
    await page.getByLabel("Email").fill(demo!.login.email);
    await page.getByLabel("Password").fill(demo!.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(url("/admin/companies"));
  }

  /** The checklist items done, by key, as the onboarding page shows them. */
  async function checklist() {
    await page.goto(at("/onboarding"));
    const items = page.locator("#onboarding-checklist li[data-item]");
    const done: Record<string, boolean> = {};
    for (const item of await items.all())
      done[(await item.getAttribute("data-item"))!] =
        (await item.getAttribute("data-done")) === "true";
    return {
      done,
      heading: (await page.locator("#onboarding-progress").textContent()) ?? "",
    };
  }

  /** "Sync now" on the onboarding page, until its step says a sync succeeded. */
  async function syncNow() {
    await page.goto(at("/onboarding"));
    await page.locator("#sync-now").click();
    // The answer sends the page back to its sync step: only then is this click's page shown.
    await page.waitForURL(
      (u) => u.pathname === `${companyPath}/onboarding` && u.hash === "#step-sync",
    );
    // While the run lasts the step asks again every 2 s, until it is done.
    await page.locator('#step-sync[data-done="true"]:not([aria-busy])').waitFor();
    expect(await page.locator("#step-sync").textContent()).toContain("Last successful team sync:");
    expect(await page.locator("#step-sync .notice-danger").count()).toBe(0);
    // The other steps as they are after the run.
    await page.goto(at("/onboarding"));
  }

  /** A test call: ring, check the phrase, book the first offered time; the spoken answer. */
  async function testCall(phrase: string, offered: string, name: string) {
    await page.goto(at("/test-call"));
    await page.getByRole("heading", { name: "Test call", exact: true }).waitFor();
    expect(await page.locator("#test-call-unsigned").count()).toBe(0);
    expect(await page.locator("#test-call-no-number").count()).toBe(0);
    await page.getByLabel("What the caller asks for").fill(phrase);
    await page.getByRole("button", { name: "Call", exact: true }).click();
    await page.locator("#test-call-steps").waitFor();
    const steps = (await page.locator("#test-call-steps").textContent()) ?? "";
    for (const fn of ["call_inbound", "call_started", "list_services", "check_availability"])
      expect(steps).toContain(fn);
    expect(await page.locator("#test-call-steps .badge-danger").count()).toBe(0);
    // The company speaks German: the time asked for is free and offered first.
    const offers = page.locator('#test-call-book input[name="start"]');
    expect(await offers.count()).toBeGreaterThan(0);
    const first = page.locator("#test-call-book li").first();
    expect(await first.textContent()).toContain(offered);
    expect(await offers.first().isChecked()).toBe(true);
    await page.getByLabel("Caller's name").fill(name);
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await page.locator("#test-call-steps").waitFor();
    const booked = (await page.locator("#test-call-steps").textContent()) ?? "";
    expect(booked).toContain("book_appointment");
    expect(booked).toContain("call_ended");
    expect(await page.locator("#test-call-steps .badge-danger").count()).toBe(0);
    const spoken =
      (await page.locator("#test-call-steps blockquote.spoken").first().textContent()) ?? "";
    expect(spoken).toContain("Ihr Termin ist gebucht");
    expect(spoken).toContain(offered);
    expect(await page.locator("#test-call-book").count()).toBe(0);
    return spoken;
  }

  /** The appointments page's rows, as text. */
  async function appointmentRows() {
    await page.goto(at("/appointments"));
    return page.locator("#appointments-table tbody tr").allTextContents();
  }

  /** The Cal.com deliveries the deliveries page lists, once `count` have arrived. */
  async function calcomDeliveries(count: number) {
    let rows: string[] = [];
    await expect
      .poll(
        async () => {
          await page.goto(at("/deliveries?provider=calcom"));
          rows = await page.locator("#deliveries-table tbody tr").allTextContents();
          return rows.length;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(count);
    return rows;
  }

  it("creates the company in the wizard", async () => {
    await logIn();
    await page.getByRole("link", { name: "New company" }).click();
    await page.waitForURL(url("/admin/companies/new"));
    await page.getByLabel("Name").pressSequentially("Salon Sonne");
    await expect.poll(() => page.getByLabel("Slug").inputValue()).toBe("salon-sonne");
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");
    await page.getByLabel("Language of the phone agent").selectOption("de");
    await page.getByRole("button", { name: "Create company" }).click();
    await page.getByRole("heading", { name: "Setup: Salon Sonne" }).waitFor();
    await page.getByText("Salon Sonne was created.").waitFor();
    const path = /^(\/admin\/companies\/[^/]+)\/onboarding$/.exec(new URL(page.url()).pathname);
    expect(path).not.toBeNull();
    companyPath = path![1]!;
    const { heading, done } = await checklist();
    // The server has a Retell key, so that item is done from the start.
    expect(heading).toBe("1 of 9 done");
    expect(
      Object.entries(done)
        .filter(([, d]) => d)
        .map(([k]) => k),
    ).toEqual(["retellKey"]);
  });

  it("connects a demo team on the simulator and syncs it", async () => {
    await page.goto(at("/onboarding"));
    await page.getByRole("button", { name: "Create a demo team on the simulator" }).click();
    await page.getByText("Connected to a new demo team on the simulator.").waitFor();
    await page.locator('#step-calcom[data-done="true"]').waitFor();
    const calcomStep = (await page.locator("#step-calcom").textContent()) ?? "";
    expect(calcomStep).toMatch(/Connected to team \d+\./);
    connectedTeam = /Connected to team \d+\./.exec(calcomStep)?.[0] ?? "";
    // Made once: the button is gone.
    expect(await page.locator("#demo-team").count()).toBe(0);
    expect(await page.locator("#step-webhook").textContent()).toContain("A webhook secret is set.");

    await syncNow();
    expect(await page.locator("#event-types-without-service").textContent()).toContain(
      "3 event types are still without a service",
    );
  });

  it("creates a service for each event type with one click each", async () => {
    await page.goto(at("/onboarding"));
    await page.getByRole("link", { name: "Open services" }).click();
    await page.waitForURL((u) => u.pathname === `${companyPath}/services`);
    const unused = page.locator("#unused-event-types tbody tr");
    expect(await unused.count()).toBe(3);
    for (const title of ["Haarschnitt", "Färben", "Beratung"]) {
      await page.goto(at("/services"));
      await page.getByRole("button", { name: `Create a service for “${title}”` }).click();
      await page.getByRole("heading", { name: title, exact: true }).waitFor();
      await page.goto(at("/services"));
    }
    await page.getByText("Every event type of your Cal.com team has a service.").waitFor();
    // The services' list is the page's only table now.
    expect(await page.locator("table").count()).toBe(1);
    const services = await page.locator("table tbody tr").allTextContents();
    expect(services).toHaveLength(3);
    for (const title of ["Haarschnitt", "Färben", "Beratung"])
      expect(services.some((s) => s.includes(title))).toBe(true);
  });

  it("uploads the team's members as staff and maps every host", async () => {
    // The hosts as the mappings list shows them: none mapped yet.
    await page.goto(at("/mappings"));
    const rows = page.locator("#mapping-list tbody tr");
    expect(await rows.count()).toBe(4);
    const hosts: string[] = [];
    for (const row of await rows.all()) {
      expect(await row.getAttribute("class")).toBe("status-unmapped");
      hosts.push(((await row.locator("td").nth(1).locator("strong").textContent()) ?? "").trim());
    }
    expect(hosts.every((h) => h.length > 0)).toBe(true);

    // Names only, as a salon's own list would be: the host matching suggests, an admin accepts.
    await page.goto(at("/staff"));
    await page.getByLabel("Staff file", { exact: true }).setInputFiles({
      name: "team.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Name\n${hosts.join("\n")}\n`, "utf8"),
    });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText(`${hosts.length} new, 0 changed, 0 unchanged.`).waitFor();
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByText(`Imported: ${hosts.length} created, 0 updated, 0 unchanged.`).waitFor();
    expect(await page.locator("#staff-list tbody tr").count()).toBe(hosts.length);

    // The next host matching (the onboarding page's "Sync now") suggests a staff member each.
    await syncNow();
    expect(await page.locator("#hosts-to-review").textContent()).toContain(
      `Still to review: 0 not mapped, ${hosts.length} suggested.`,
    );
    await page.getByRole("link", { name: "Review host mappings" }).click();
    await page.waitForURL((u) => u.pathname === `${companyPath}/mappings`);
    for (const row of await rows.all())
      expect(await row.getAttribute("class")).toBe("status-suggested");
    await page.getByRole("checkbox", { name: "Select all" }).check();
    await page.getByRole("button", { name: "Accept selected suggestions" }).click();
    await page.getByText(`${hosts.length} mappings changed.`).waitFor();
    await expect
      .poll(async () => {
        const classes = await Promise.all((await rows.all()).map((r) => r.getAttribute("class")));
        return classes.every((c) => c === "status-active") && classes.length;
      })
      .toBe(hosts.length);
    for (const host of hosts)
      expect(
        await page
          .locator("#mapping-list tbody tr", { hasText: host })
          .locator("td")
          .nth(3)
          .textContent(),
      ).toContain(host);

    await page.goto(at("/onboarding"));
    expect(await page.locator("#hosts-to-review").textContent()).toContain(
      "Every host of an active service is mapped.",
    );
    await page.locator('#step-hosts[data-done="true"]').waitFor();
  });

  it("adds a phone number on the onboarding page", async () => {
    await page.goto(at("/onboarding"));
    await page.locator("#ob-number").fill("030 9876543");
    await page.getByRole("button", { name: "Add number" }).click();
    await page.getByText("Number added.").waitFor();
    expect(await page.locator("#onboarding-numbers").textContent()).toContain("+49309876543");
    await page.locator('#step-phones[data-done="true"]').waitFor();
    const { heading, done } = await checklist();
    expect(heading).toBe("8 of 9 done");
    expect(
      Object.entries(done)
        .filter(([, d]) => !d)
        .map(([k]) => k),
    ).toEqual(["firstCall"]);
  });

  it("books a test call, and the appointment shows", async () => {
    await testCall("Haarschnitt morgen um 10", "morgen um 10 Uhr", "Erika Sonne");
    await shoot("test-call-booked");

    const rows = await appointmentRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("Haarschnitt");
    expect(rows[0]).toContain("Erika Sonne");
    expect(rows[0]).toContain("10:00");
    // Cal.com's webhook about the booking reached the server too.
    const deliveries = await calcomDeliveries(1);
    expect(deliveries[0]).toContain("BOOKING_CREATED");

    const { heading, done } = await checklist();
    expect(heading).toBe("9 of 9 done");
    expect(Object.values(done).every(Boolean)).toBe(true);
    expect(await page.locator("#last-call").textContent()).toContain("Latest call:");
    await shoot("checklist-complete");
    expect(pageErrors).toEqual([]);
  });

  it("keeps working after the demo restarts on the same data", async () => {
    // The browser goes too (its kept-alive connections would hold the server's shutdown), and a
    // new one logs in again.
    await browser.close();
    const login = demo!.login;
    const stopped = Date.now();
    await demo!.close();
    demo = null;
    expect(Date.now() - stopped).toBeLessThan(8_000);
    demo = await start();
    expect(demo.server.url).toBe(`http://127.0.0.1:${port}`);
    expect(demo.simulator.url).toBe(`http://127.0.0.1:${port + 1}`);
    // The demo's login is kept in the data folder.
    expect(demo.login).toEqual(login);

    await openBrowser();
    await logIn();
    expect(await page.locator("body").textContent()).toContain("Salon Sonne");
    const { heading, done } = await checklist();
    expect(heading).toBe("9 of 9 done");
    expect(Object.values(done).every(Boolean)).toBe(true);
    // Still the team made before the restart.
    expect(await page.locator("#step-calcom").textContent()).toContain(connectedTeam);
    await shoot("after-restart");

    await testCall("Haarschnitt morgen um 14", "morgen um 14 Uhr", "Jan Sonne");
    const rows = await appointmentRows();
    expect(rows).toHaveLength(2);
    expect(rows.some((r) => r.includes("Erika Sonne") && r.includes("10:00"))).toBe(true);
    expect(rows.some((r) => r.includes("Jan Sonne") && r.includes("14:00"))).toBe(true);
    await shoot("after-restart-appointments");
    // The simulator's team kept its webhook: the second booking's delivery arrived as well.
    const deliveries = await calcomDeliveries(2);
    expect(deliveries.filter((d) => d.includes("BOOKING_CREATED"))).toHaveLength(2);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
