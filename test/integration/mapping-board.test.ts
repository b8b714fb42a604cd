import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TenantContext } from "../../src/domain/entities.ts";
import { heartbeatMs, maxStreamsPerSession } from "../../src/web/routes/events.tsx";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const en = { "accept-language": "en" };
const de = { "accept-language": "de" };
const htmx = { "hx-request": "true", "accept-language": "en" };

describe.each(testEngines())("the mapping board and live pages on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let salon: TenantContext;
  let base: string;
  let brightBase: string;
  const staffId: Record<string, string> = {};
  let brightStaff: string;

  beforeAll(async () => {
    h = await buildConsole(engine);
    salon = { company: h.salon, actor: { type: "cli" } };
    // Matching: 501, 502 and 505 mapped, 503 (Sophie) suggested, 504 (Mehmet) unmapped.
    await h.useCases.sync.syncServiceHosts(salon, { trigger: "cli" });
    await h.useCases.sync.syncServiceHosts(
      { company: h.bright, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    for (const s of await h.store.staff.list(h.salon.id)) staffId[s.name] = s.id;
    brightStaff = (await h.store.staff.list(h.bright.id))[0]!.id;
    owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
    base = `/admin/companies/${h.salon.id}`;
    brightBase = `/admin/companies/${h.bright.id}`;
    await owner.page(`${base}/mappings`, en);
  });
  afterAll(() => h.close());

  const mapping = (id: number) => h.store.hostMappings.find(h.salon.id, id);
  const versionOf = (html: string, id: number) =>
    new RegExp(`id="board-host-${id}"[\\s\\S]*?name="version" value="([^"]*)"`).exec(html)?.[1];

  /** A server-sent event stream of a company, read in the background. */
  async function openStream(companyId: string, client = owner) {
    const abort = new AbortController();
    const cookie = [...client.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await h.http.request(`http://console.test/admin/companies/${companyId}/events`, {
      headers: { cookie },
      signal: abort.signal,
    });
    const stream = { res, text: "", abort: () => abort.abort() };
    if (res.status === 200 && res.body) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          stream.text += decoder.decode(value);
        }
      })().catch(() => {});
    }
    return stream;
  }

  const eventually = (check: () => boolean) =>
    expect.poll(check, { timeout: 3_000, interval: 10 }).toBe(true);

  it("shows the unmapped and suggested hosts as cards and the active staff, linked from the list", async () => {
    const list = await owner.page(`${base}/mappings`, en);
    expect(list.html).toContain(`href="${base}/mappings/board"`);
    const board = await owner.page(`${base}/mappings/board`, en);
    expect(board.status).toBe(200);
    const cards = [...board.html.matchAll(/<li id="board-host-(\d+)"/g)].map((m) => m[1]);
    expect(cards.sort()).toEqual(["503", "504"]);
    // The card: name, email, services, the suggestion, and the keyboard path (a labelled select).
    expect(board.html).toContain("mehmet.yilmaz@gmail.com");
    expect(board.html).toMatch(/Suggested: Sophie Weiss \(\d+%\)/);
    expect(board.html).toContain('<label for="board-staff-504" class="visually-hidden">');
    expect(board.html).toContain('data-drag-host="504"');
    // Free staff take a drop; mapped ones say whom they stand for; inactive ones are not there.
    expect(board.html).toContain(`data-drop-staff="${staffId["Petra Neumann"]}"`);
    expect(board.html).not.toContain(`data-drop-staff="${staffId["Anna Schmidt"]}"`);
    expect(board.html).toContain("Mapped to Anna Schmidt");
    expect(board.html).not.toContain("Klaus Alt");
    // It listens to the company's own change feed.
    expect(board.html).toContain(`sse-connect="${base}/events"`);
    expect(board.html).toContain('hx-trigger="sse:mappings delay:150ms"');
    expect((await owner.page(`${base}/mappings/board/cards`, htmx)).html).toContain(
      'id="board-host-504"',
    );
  });

  it("refuses in place, in the user's language: an inactive, another company's or a taken staff member", async () => {
    const board = await owner.page(`${base}/mappings/board`, en);
    const version = versionOf(board.html, 504)!;
    const post = (staff: string, headers: Record<string, string> = htmx) =>
      owner.post(`${base}/mappings/504/set`, { staffId: staff, view: "board", version }, headers);
    const audit = await h.store.hostMappings.countAudit(h.salon.id);

    const inactive = await post(staffId["Klaus Alt"]!);
    expect(inactive.status).toBe(200);
    expect(inactive.html).toMatch(/^<li id="board-host-504"/);
    expect(inactive.html).toContain("This staff member was deactivated meanwhile.");
    // The staff column as it is now, out of band: who is free may have changed too.
    expect(inactive.html).toContain('<section id="board-staff" class="board-column"');
    expect(inactive.html).toMatch(/id="board-staff"[^>]*hx-swap-oob="true"/);
    const german = await post(staffId["Klaus Alt"]!, { ...htmx, ...de });
    expect(german.html).toContain("Dieser Mitarbeiter wurde inzwischen deaktiviert.");

    const foreign = await post(brightStaff);
    expect(foreign.html).toContain("This staff member is not in your company.");
    expect(foreign.html).not.toContain(brightStaff);

    const taken = await post(staffId["Anna Schmidt"]!);
    expect(taken.html).toContain("This staff member is mapped to another host already.");

    // Without JavaScript: the whole board, the refusal on that card.
    const plain = await post(staffId["Klaus Alt"]!, en);
    expect(plain.status).toBe(422);
    expect(plain.html).toMatch(
      /id="board-host-504"[\s\S]*This staff member was deactivated meanwhile\.[\s\S]*id="board-staff-title"/,
    );
    expect(await mapping(504)).toBeNull();
    expect(await h.store.hostMappings.countAudit(h.salon.id)).toBe(audit);
  });

  it("refuses a change decided on a mapping that changed meanwhile", async () => {
    const board = await owner.page(`${base}/mappings/board`, en);
    const version = versionOf(board.html, 503)!;
    expect(version).not.toBe("");
    // Another admin rejects Sophie's suggestion after the board was loaded.
    await h.useCases.mappings.changeHostMapping(salon, { verb: "reject", calcomUserId: 503 });
    const stale = await owner.post(`${base}/mappings/503/accept`, { view: "board", version }, htmx);
    expect(stale.html).toContain("Someone changed this host&#39;s mapping meanwhile.");
    expect(stale.html).toContain("Rejected");
    expect((await mapping(503))?.status).toBe("rejected");
  });

  it("maps through the keyboard form exactly as the other mapping actions do", async () => {
    const board = await owner.page(`${base}/mappings/board`, en);
    const audit = await h.store.hostMappings.countAudit(h.salon.id);
    const res = await owner.post(
      `${base}/mappings/504/set`,
      { staffId: staffId["Petra Neumann"]!, view: "board", version: versionOf(board.html, 504)! },
      htmx,
    );
    expect(res.status).toBe(200);
    expect(res.res.headers.get("hx-retarget")).toBe("#board");
    expect(res.html).toContain("Mehmet Yılmaz is now mapped to Petra Neumann.");
    expect(res.html).toContain("Mapped to Mehmet Yılmaz");
    expect(res.html).not.toContain('id="board-host-504"');
    expect(await mapping(504)).toMatchObject({
      status: "active",
      staffId: staffId["Petra Neumann"],
      source: "manual",
    });
    const [entry] = await h.store.hostMappings.listAudit(h.salon.id, {
      calcomUserId: 504,
      limit: 1,
    });
    expect(await h.store.hostMappings.countAudit(h.salon.id)).toBe(audit + 1);
    expect(entry).toMatchObject({
      action: "set",
      staffId: staffId["Petra Neumann"],
      actor: { type: "user", userId: h.users.salon.id },
    });
    expect(entry!.reason).toContain("set by");

    // Without JavaScript: back to the board, which says so.
    await h.useCases.mappings.changeHostMapping(salon, { verb: "unset", calcomUserId: 504 });
    const plain = await owner.post(`${base}/mappings/504/set`, {
      staffId: staffId["Petra Neumann"]!,
      view: "board",
      version: "",
    });
    expect(plain.status).toBe(303);
    expect(plain.res.headers.get("location")).toBe(`${base}/mappings/board?changed`);
    expect((await owner.page(`${base}/mappings/board?changed`, en)).html).toContain(
      "Mapping changed.",
    );
  });

  it("asks before removing a mapping, also without JavaScript", async () => {
    const row = await owner.page(`${base}/mappings`, en);
    const ask = `${base}/mappings/504/unset?back=${encodeURIComponent(`${base}/mappings`)}`;
    expect(row.html).toContain(`href="${ask.replace(/&/g, "&amp;")}"`);
    const page = await owner.page(ask, en);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Remove the mapping of Mehmet Yılmaz to Petra Neumann?");
    expect(page.html).toContain('name="confirm" value="yes"');
    // A post that was not confirmed changes nothing and asks.
    const unasked = await owner.post(`${base}/mappings/504/unset`, { back: `${base}/mappings` });
    expect(unasked.status).toBe(303);
    expect(unasked.res.headers.get("location")).toContain(`${base}/mappings/504/unset?back=`);
    const fromPanel = await owner.post(`${base}/mappings/504/unset`, { service: "x" }, htmx);
    expect(fromPanel.res.headers.get("hx-redirect")).toBe(`${base}/mappings/504/unset?service=x`);
    expect((await mapping(504))?.status).toBe("active");
    const done = await owner.post(`${base}/mappings/504/unset`, {
      back: `${base}/mappings`,
      confirm: "yes",
    });
    expect(done.status).toBe(303);
    expect(await mapping(504)).toBeNull();
    const [entry] = await h.store.hostMappings.listAudit(h.salon.id, {
      calcomUserId: 504,
      limit: 1,
    });
    expect(entry?.action).toBe("unset");
    // Nothing left to remove: the question is not asked.
    expect((await owner.page(ask, en)).status).toBe(303);
  });

  it("streams this company's topics only: mappings after a change, syncs after a sync", async () => {
    const stream = await openStream(h.salon.id);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get("content-type")).toContain("text/event-stream");
    await eventually(() => stream.text.includes(": connected"));
    // Bright's sync (its runs and hosts) is not this stream's business.
    await h.useCases.sync.syncTeam(
      { company: h.bright, actor: { type: "cli" } },
      { trigger: "cli" },
    );
    await h.useCases.sync.syncServiceHosts(salon, { trigger: "cli", fetch: false });
    await eventually(() => stream.text.includes("event: syncs"));
    expect(stream.text).not.toContain("event: mappings");
    // Only the topic travels: no names, ids or counts.
    expect(stream.text).toMatch(/^retry: 5000\n: connected\n\n(event: syncs\ndata: syncs\n\n)+$/);

    await owner.post(`${base}/mappings/504/set`, { staffId: staffId["Petra Neumann"]! }, htmx);
    await eventually(() => stream.text.includes("event: mappings\ndata: mappings\n\n"));
    stream.abort();
  });

  it("streams appointments after an applied Cal.com webhook, once per delivery", async () => {
    const stream = await openStream(h.salon.id);
    await eventually(() => stream.text.includes(": connected"));
    const event = {
      trigger: "BOOKING_CREATED" as const,
      uid: "live-feed-booking",
      bookingId: 9001,
      eventTypeId: 2001,
      start: "2030-01-07T09:00:00.000Z",
      end: "2030-01-07T09:30:00.000Z",
      hostUserId: 501,
      attendee: { name: "Live Feed", email: "live@example.com", phone: null },
      participants: { memberIds: [], attendeeEmails: ["live@example.com"] },
      rescheduledFromUid: null,
    };
    const ctx = { company: h.salon, actor: { type: "webhook" } } as const;
    expect((await h.useCases.appointments.ingestCalcomBooking(ctx, event, "{}")).outcome).toBe(
      "created",
    );
    await eventually(() => stream.text.includes("event: appointments\ndata: appointments\n\n"));
    // A duplicate delivery changes nothing, so nobody is told.
    const before = stream.text;
    expect((await h.useCases.appointments.ingestCalcomBooking(ctx, event, "{}")).outcome).toBe(
      "duplicate",
    );
    await h.useCases.sync.syncServiceHosts(salon, { trigger: "cli", fetch: false });
    await eventually(
      () =>
        stream.text.length > before.length && stream.text.endsWith("event: syncs\ndata: syncs\n\n"),
    );
    expect(stream.text.slice(before.length)).not.toContain("appointments");
    stream.abort();
  });

  it("keeps a quiet stream open with a heartbeat comment", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const stream = await openStream(h.salon.id);
      await eventually(() => stream.text.includes(": connected"));
      vi.advanceTimersByTime(heartbeatMs);
      await eventually(() => stream.text.endsWith(": heartbeat\n\n"));
      stream.abort();
      await eventually(() => h.changes.listenerCount(h.salon.id) === 0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("unsubscribes when the client goes away, and caps the streams of a session", async () => {
    await eventually(() => h.changes.listenerCount(h.salon.id) === 0);
    const streams = [];
    for (let i = 0; i < maxStreamsPerSession; i++) streams.push(await openStream(h.salon.id));
    expect(streams.map((s) => s.res.status)).toEqual(streams.map(() => 200));
    await eventually(() => h.changes.listenerCount(h.salon.id) === maxStreamsPerSession);
    const over = await openStream(h.salon.id);
    expect(over.res.status).toBe(429);
    // Another session has streams of its own.
    const other = consoleClient(h.http);
    await other.login(logins.platform, consolePassword);
    const elsewhere = await openStream(h.salon.id, other);
    expect(elsewhere.res.status).toBe(200);
    elsewhere.abort();

    streams.pop()!.abort();
    await eventually(() => h.changes.listenerCount(h.salon.id) === maxStreamsPerSession - 1);
    const again = await openStream(h.salon.id);
    expect(again.res.status).toBe(200);
    for (const s of [...streams, again]) s.abort();
    await eventually(() => h.changes.listenerCount() === 0);
  });

  it("answers 404 for another company's board, stream, fragments, host or staff, GET and POST", async () => {
    const brightService = (await h.store.services.list(h.bright.id))[0]!.id;
    for (const path of [
      `${brightBase}/mappings/board`,
      `${brightBase}/mappings/board/cards`,
      `${brightBase}/mappings/list`,
      `${brightBase}/events`,
      `${brightBase}/services/${brightService}/hosts`,
      `${brightBase}/mappings/601/unset`,
      `${base}/mappings/601/unset`,
      `${base}/services/${brightService}/hosts`,
    ]) {
      expect([path, (await owner.page(path, en)).status]).toEqual([path, 404]);
    }
    const stream = await openStream(h.bright.id);
    expect(stream.res.status).toBe(404);
    const before = await h.store.hostMappings.list(h.bright.id);
    for (const [path, form] of [
      [`${brightBase}/events`, {}],
      [`${brightBase}/mappings/board`, {}],
      [`${brightBase}/mappings/601/set`, { staffId: brightStaff, view: "board", version: "" }],
      [`${base}/mappings/601/set`, { staffId: staffId["Petra Neumann"]!, view: "board" }],
      [`${base}/mappings/601/unset`, { confirm: "yes" }],
    ] as const) {
      expect([path, (await owner.post(path, form, htmx)).status]).toEqual([path, 404]);
    }
    expect(await h.store.hostMappings.list(h.bright.id)).toEqual(before);
    expect(h.changes.listenerCount()).toBe(0);
  });

  it("serves the live fragments and the sse extension from our own assets", async () => {
    const list = await owner.page(`${base}/mappings/list?status=active`, htmx);
    expect(list.html).toMatch(
      /^<div id="mapping-list" hx-get="[^"]*\/mappings\/list\?status=active"/,
    );
    expect(list.html).toContain('id="status-filters"');
    expect(list.html).toContain('hx-swap-oob="true"');
    const haarschnitt = (await h.store.services.list(h.salon.id)).find(
      (s) => s.name === "Haarschnitt",
    )!;
    const panel = await owner.page(`${base}/services/${haarschnitt.id}/hosts`, htmx);
    expect(panel.html).toMatch(/^<section id="hosts-panel"/);
    expect(panel.html).toContain('hx-trigger="sse:mappings delay:150ms"');
    // Removing a host's mapping from the panel asks first too, and leads back to the service.
    const ask = `${base}/mappings/501/unset?service=${haarschnitt.id}`;
    expect(panel.html).toContain(`href="${ask}"`);
    const question = await owner.page(ask, en);
    expect(question.html).toContain(`← Haarschnitt`);
    expect(question.html).toContain(`name="service" value="${haarschnitt.id}"`);
    const service = await owner.page(`${base}/services/${haarschnitt.id}`, en);
    expect(service.html).toContain(`sse-connect="${base}/events"`);
    const syncs = await owner.page(`${base}/syncs`, en);
    expect(syncs.html).toContain(
      'hx-trigger="sse:syncs delay:150ms, htmx:sseOpen from:closest .live"',
    );
    expect(syncs.html).not.toContain("every 1s");
    const asset = await owner.request("GET", "/admin/assets/htmx-ext-sse.js");
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain("sse-connect");
  });

  // Last in this file: it ends the harness's change feed, as a shutting-down server does.
  it("ends open event streams when the feed ends, and a stream opened after ends at once", async () => {
    const stream = await openStream(h.salon.id);
    await eventually(() => h.changes.listenerCount(h.salon.id) === 1);
    h.changes.end();
    await eventually(() => h.changes.listenerCount() === 0);
    // The response body is closed by the server, not by this client.
    const reader = (
      await h.http.request(`http://console.test${base}/events`, {
        headers: { cookie: [...owner.jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      })
    ).body!.getReader();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
    expect(stream.text).toContain(": connected");
  });
});
