import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../../src/domain/entities.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const en = { "accept-language": "en" };
const htmx = { "hx-request": "true", "accept-language": "en" };

describe.each(testEngines())(
  "console mappings, audit, syncs, appointments and settings on %s",
  (engine) => {
    let h: ConsoleHarness;
    let owner: ConsoleClient;
    let salon: TenantContext;
    let base: string;
    const staffId: Record<string, string> = {};

    beforeAll(async () => {
      h = await buildConsole(engine, { publicUrl: "https://frontdesk.example" });
      salon = { company: h.salon, actor: { type: "cli" } };
      for (const s of await h.store.staff.list(h.salon.id)) staffId[s.name] = s.id;
      owner = consoleClient(h.http, "https://frontdesk.example");
      await owner.login(logins.salon, consolePassword);
      base = `/admin/companies/${h.salon.id}`;
      await owner.page(`${base}/mappings`);
    });
    afterAll(() => h.close());

    const status = async (id: number) =>
      (await h.store.hostMappings.find(h.salon.id, id))?.status ?? "unmapped";

    it("runs the sync in the background and shows the result when it ends", async () => {
      const start = await owner.post(`${base}/syncs`, {}, htmx);
      expect(start.status).toBe(200);
      // No polling: the page's wrapper fetches its content again when the change feed says
      // "syncs" or its stream (re)opens, queued behind this POST so the POST cannot overwrite it.
      expect(start.html).not.toContain("every 1s");
      expect(start.html).toContain('hx-sync="closest #sync-live:queue last"');
      const page = await owner.page(`${base}/syncs`);
      expect(page.html).toMatch(
        /<div id="sync-live" hx-get="[^"]*\/syncs\/status" hx-trigger="sse:syncs delay:150ms, htmx:sseOpen from:closest .live" hx-swap="innerHTML" hx-sync="this:queue last">/,
      );
      expect(start.html).toContain("Sync running…");
      let poll = start;
      for (let i = 0; i < 50 && poll.html.includes("Sync running…"); i++) {
        await new Promise((r) => setTimeout(r, 50));
        poll = await owner.page(`${base}/syncs/status`, htmx);
      }
      expect(poll.html).not.toContain("Sync running…");
      expect(poll.html).toContain("Sync finished: 3 mapped, 1 to review, 1 unmapped.");
      expect(poll.html).toContain("Host matching");
      expect(poll.html).toContain("Console");
      expect(h.backgroundErrors).toEqual([]);
      const runs = await h.useCases.sync.listSyncRuns(salon, 10);
      expect(runs.filter((r) => r.trigger === "admin").map((r) => r.status)).toEqual([
        "succeeded",
        "succeeded",
      ]);
    });

    it("filters the mappings by status and searches names, emails and staff", async () => {
      const all = await owner.page(`${base}/mappings`, en);
      expect(all.html.match(/<tr id="row-/g)).toHaveLength(5);
      expect(all.html).toContain('All <span class="count">5</span>');
      const suggested = await owner.page(`${base}/mappings?status=suggested`, en);
      expect(suggested.html.match(/<tr id="row-/g)).toHaveLength(1);
      expect(suggested.html).toContain('id="row-503"');
      const search = await owner.page(`${base}/mappings?q=gross`, en);
      expect(search.html.match(/<tr id="row-/g)).toHaveLength(1);
      expect(search.html).toContain('id="row-505"');
      const byEmail = await owner.page(`${base}/mappings?q=gmail`, en);
      expect(byEmail.html).toContain('id="row-504"');
      expect((await owner.page(`${base}/mappings?q=nobody-at-all`, en)).html).toContain(
        "No hosts match this filter.",
      );
    });

    it("refuses a bulk mapping as a whole when one change is refused: nothing written, no audit", async () => {
      const audit = await h.store.hostMappings.countAudit(h.salon.id);
      // Petra for two hosts: the second is refused, so the first must not stay either.
      const res = await owner.post(
        `${base}/mappings/bulk`,
        {
          action: "set",
          host: ["504", "503"],
          "staff-504": staffId["Petra Neumann"]!,
          "staff-503": staffId["Petra Neumann"]!,
          back: `${base}/mappings`,
        },
        htmx,
      );
      expect(res.status).toBe(200);
      expect(res.html).toContain("This conflicts with the current state:");
      expect(res.html).not.toContain('id="row-');
      expect(await status(504)).toBe("unmapped");
      expect(await status(503)).toBe("suggested");
      expect(await h.store.hostMappings.countAudit(h.salon.id)).toBe(audit);
    });

    it("maps the selected hosts in one step, one audit row each, and swaps only their rows", async () => {
      const audit = await h.store.hostMappings.countAudit(h.salon.id);
      await h.useCases.mappings.changeHostMapping(salon, { verb: "unset", calcomUserId: 505 });
      const res = await owner.post(
        `${base}/mappings/bulk`,
        {
          action: "set",
          host: ["504", "505", "501"],
          "staff-504": staffId["Petra Neumann"]!,
          "staff-505": staffId["Lena Groß"]!,
          back: `${base}/mappings?status=unmapped`,
        },
        htmx,
      );
      expect(res.status).toBe(200);
      expect(res.html).toContain("2 mappings changed, 1 skipped (nothing to do).");
      // The changed rows and the one with nothing to do come back, swapped out of band.
      expect(
        [...res.html.matchAll(/<tr id="row-(\d+)"[^>]*hx-swap-oob="true"/g)].map((m) => m[1]),
      ).toEqual(["501", "504", "505"]);
      expect(res.html).toContain('id="status-filters"');
      expect(res.html).toContain(`href="${base}/mappings?status=unmapped" aria-current="page"`);
      expect(await h.store.hostMappings.find(h.salon.id, 504)).toMatchObject({
        status: "active",
        staffId: staffId["Petra Neumann"],
        source: "manual",
      });
      expect(await status(505)).toBe("active");
      // One for the unset above, one per mapped host.
      expect(await h.store.hostMappings.countAudit(h.salon.id)).toBe(audit + 3);
    });

    it("accepts all selected suggestions and skips the rows without one", async () => {
      const res = await owner.post(
        `${base}/mappings/bulk`,
        { action: "accept", host: ["503", "501"], back: `${base}/mappings` },
        htmx,
      );
      expect(res.html).toContain("1 mapping changed, 1 skipped (nothing to do).");
      expect(await status(503)).toBe("active");
    });

    it("works without JavaScript too: a bulk post redirects back with what it did", async () => {
      await h.useCases.mappings.changeHostMapping(salon, { verb: "unset", calcomUserId: 504 });
      const res = await owner.post(`${base}/mappings/bulk`, {
        action: "set",
        host: ["504"],
        "staff-504": staffId["Petra Neumann"]!,
        back: `${base}/mappings?q=mehmet`,
      });
      expect(res.status).toBe(303);
      const location = res.res.headers.get("location")!;
      expect(location).toBe(`${base}/mappings?q=mehmet&bulk=1,0`);
      expect((await owner.page(location, en)).html).toContain("1 mapping changed.");
      // A back link outside this company's pages is not followed.
      const elsewhere = await owner.post(`${base}/mappings/504/unset`, {
        back: "https://evil.example/",
        confirm: "yes",
      });
      expect(elsewhere.res.headers.get("location")).toBe(`${base}/mappings?changed`);
    });

    it("a row action on the mappings page answers with that row and the counts", async () => {
      const res = await owner.post(
        `${base}/mappings/504/set`,
        { staffId: staffId["Petra Neumann"]!, back: `${base}/mappings` },
        htmx,
      );
      expect(res.html).toContain("Mapping changed.");
      expect([...res.html.matchAll(/<tr id="row-(\d+)"/g)].map((m) => m[1])).toEqual(["504"]);
    });

    it("lists the audit trail with time, actor, before → after and reason, filtered by host or staff", async () => {
      const all = await owner.page(`${base}/audit`, en);
      expect(all.html).toContain(logins.salon);
      expect(all.html).toContain("Set by hand");
      expect(all.html).toContain("Mapped automatically");
      expect(all.html).toContain("unmapped → Mapped: Petra Neumann (100 %)");
      expect(all.html).toContain("Suggested: Sophie Weiss (80 %) → Mapped: Sophie Weiss (80 %)");
      const byHost = await owner.page(`${base}/audit?host=504`, en);
      const rows = byHost.html.match(/<tr>/g)?.length ?? 0;
      expect(byHost.html).not.toContain("Sophie Weiß</td>");
      expect(rows).toBeGreaterThan(1);
      const byStaff = await owner.page(`${base}/audit?staff=${staffId["Sophie Weiss"]}`, en);
      expect(byStaff.html).toContain("Sophie Weiß");
      expect(byStaff.html).not.toContain("Mehmet Yılmaz</td>");
      // Times in the company's time zone (Europe/Berlin), in the user's language.
      expect(all.html).toMatch(/<time datetime="[^"]+Z">\d{1,2} \w{3} \d{4}, \d{2}:\d{2}<\/time>/);
    });

    it("flags appointments whose Cal.com host is not mapped, with a link to fix it", async () => {
      await h.useCases.mappings.changeHostMapping(salon, { verb: "unset", calcomUserId: 504 });
      const customer = await h.store.customers.upsertByPhone(h.salon.id, {
        phone: "+4915112345678",
        name: "Max Mustermann",
        email: null,
      });
      const service = (await h.store.services.list(h.salon.id)).find(
        (s) => s.name === "Bartpflege",
      )!;
      const start = new Date(Date.now() + 86_400_000);
      await h.store.appointments.insert(h.salon.id, {
        serviceId: service.id,
        staffId: null,
        customerId: customer.id,
        calcomUserId: 504,
        bookingUid: "uid-console-1",
        bookingId: 1,
        eventTypeId: 2003,
        startAt: start.toISOString(),
        endAt: new Date(start.getTime() + 20 * 60_000).toISOString(),
        status: "accepted",
        source: "voice",
        retellCallId: null,
        idempotencyKey: null,
        rescheduledFromUid: null,
        rescheduledToUid: null,
        notes: null,
        attendeeName: null,
        attendeeEmail: null,
      });
      const { html } = await owner.page(`${base}/appointments`, en);
      expect(html).toContain("Max Mustermann");
      expect(html).toContain("+4915112345678");
      expect(html).toContain("Bartpflege");
      expect(html).toContain("Mehmet Yılmaz");
      expect(html).toContain("Voice");
      expect(html).toContain("Confirmed");
      expect(html).toContain("Host not mapped");
      expect(html).toContain(`href="${base}/mappings?q=Mehmet%20Y%C4%B1lmaz"`);
    });

    it("shows the Cal.com connection with the key masked and write-only, and the webhook to paste", async () => {
      const { html } = await owner.page(`${base}/settings`, en);
      expect(html).toContain("Stored key: cal_…piel.");
      expect(html).not.toContain("cal_test_salon_beispiel");
      expect(html).toContain("https://frontdesk.example/webhooks/calcom/salon-beispiel");
      expect(html).not.toContain("PUBLIC_URL is not set");
      expect(html).toContain("whsec_salon-beispiel_secret");
      expect(html).toContain("https://frontdesk.example/webhooks/retell/functions");
      expect(html).toContain("+493012345670");

      // Saving without a key keeps the stored one.
      const kept = await owner.post(`${base}/settings/calcom`, {
        calcomBaseUrl: "https://api.cal.eu",
        calcomTeamId: "1001",
        calcomApiKey: "",
      });
      expect(kept.status).toBe(303);
      let company = (await h.store.companies.findById(h.salon.id))!;
      expect(company.calcom.baseUrl).toBe("https://api.cal.eu");
      expect(company.calcom.apiKey?.reveal()).toBe("cal_test_salon_beispiel");
      // Only the Cal.com regions (or what is set already) can receive the key.
      await owner.post(`${base}/settings/calcom`, {
        calcomBaseUrl: "https://attacker.example",
        calcomTeamId: "1001",
        calcomApiKey: "cal_new_key_123",
      });
      company = (await h.store.companies.findById(h.salon.id))!;
      expect(company.calcom.baseUrl).toBe("https://api.cal.eu");
      expect(company.calcom.apiKey?.reveal()).toBe("cal_new_key_123");
    });

    it("tests the connection and says what it found or what went wrong", async () => {
      await owner.post(`${base}/settings/calcom`, {
        calcomBaseUrl: "https://api.cal.eu",
        calcomTeamId: "1001",
        calcomApiKey: "cal_wrong_key",
      });
      await h.store.companies.update(h.salon.id, { calcomBaseUrl: "http://calcom.test" });
      const failed = await owner.post(`${base}/settings/test`, {}, htmx);
      expect(failed.html).toContain("Cal.com refused the API key.");
      await owner.post(`${base}/settings/calcom`, {
        calcomBaseUrl: "http://calcom.test",
        calcomTeamId: "1001",
        calcomApiKey: "cal_test_salon_beispiel",
      });
      const ok = await owner.post(`${base}/settings/test`, {}, htmx);
      expect(ok.html).toContain("Connected: the team has 4 event types and 5 members.");
      const page = await owner.post(`${base}/settings/test`, {}, en);
      expect(page.status).toBe(200);
      expect(page.html).toContain("Connected: the team has 4 event types and 5 members.");
    });

    it("saves thresholds, notifications and a new webhook secret (a phone number is not the company admin's), and explains refusals", async () => {
      const refused = await owner.post(
        `${base}/settings/matching`,
        { autoThreshold: "50", suggestThreshold: "70" },
        en,
      );
      expect(refused.status).toBe(422);
      expect(refused.html).toContain(
        "Suggest from (confidence): at most 50 (the automatic mapping&#39;s threshold)",
      );
      expect(
        (
          await owner.post(`${base}/settings/matching`, {
            autoThreshold: "92",
            suggestThreshold: "65",
          })
        ).res.headers.get("location"),
      ).toBe(`${base}/settings?saved=matching#settings-matching`);
      await owner.post(`${base}/settings/notifications`, {
        notifyEmail: "ops@salon-beispiel.de",
        notifyWebhookUrl: "",
      });
      // Numbers route calls: a company admin cannot add one (test/integration/console-phone-numbers).
      expect(
        (await owner.post(`${base}/settings/phones`, { number: "030 7654321", label: "Filiale" }))
          .status,
      ).toBe(403);
      const secretBefore = (await h.store.companies.findById(
        h.salon.id,
      ))!.calcom.webhookSecret!.reveal();
      await owner.post(`${base}/settings/webhook`, { confirm: "yes" });
      const company = (await h.store.companies.findById(h.salon.id))!;
      expect(company.thresholds).toEqual({ auto: 92, suggest: 65 });
      expect(company.notifyEmail).toBe("ops@salon-beispiel.de");
      expect(company.notifyWebhookUrl).toBeNull();
      expect(company.calcom.webhookSecret!.reveal()).not.toBe(secretBefore);
      expect((await h.store.phoneNumbers.list(h.salon.id)).map((p) => p.number)).not.toContain(
        "+49307654321",
      );
      expect(h.loggedErrors).toEqual([]);
    });
  },
);
