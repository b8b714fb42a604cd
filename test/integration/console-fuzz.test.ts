import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCompanies } from "../../src/app/demo-data.ts";
import type { DB } from "../../src/db/tables.ts";
import { consoleBodyLimit } from "../../src/web/security.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { type ConsoleClient, consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

/** How many hostile console form posts the suite sends, over every POST route. */
const cases = Number(process.env.FUZZ_CASES ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? 20261202);
/** Invariants are checked every this many cases (and at the end). */
const checkEvery = 250;
const origin = "http://console.test";

// --- Hostile pieces -----------------------------------------------------------------------------

const oddText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "\u0000",
    "Jö\u0000rg",
    "\ud800",
    "\udfff\ud800",
    "\ufeffName",
    "\u202eevil\u202c",
    "a\u200bb\u200d",
    "e\u0301\u0301\u0301",
    "𝄞🧑🏽‍🤝‍🧑🏻",
    "\u2028\u2029",
    "'; drop table host_mapping; --",
    "<script>alert(1)</script>",
    "%00",
    "%zz",
    "null",
    "undefined",
    "[object Object]",
    "NaN",
    "Infinity",
    "-1",
    "0",
    "1e999",
    "9007199254740993",
    "0x10",
    " 42 ",
    "",
    " ",
  ),
);

/** Up to the body limit and past it (a body past it is refused with 413 before parsing). */
const hugeText = fc
  .tuple(
    fc.constantFrom("a", "ö", "𝄞", "\u0000", "%", "&", "="),
    fc.integer({ min: 1_000, max: consoleBodyLimit + 8_000 }),
  )
  .map(([ch, n]) => ch.repeat(Math.ceil(n / new TextEncoder().encode(ch).length)));

const prototypeKey = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "__proto__[polluted]",
  "constructor[prototype][polluted]",
  "__proto__.polluted",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "_csrf[]",
  "host[]",
);

const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: oddText },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: prototypeKey },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
);

/** Mostly a plausible value, sometimes a hostile one. */
const value = (good: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: hostile });

type Pairs = [string, string][];

/**
 * A form: each known field present or not (plausible or hostile), some repeated, plus stray
 * fields with prototype names or random names.
 */
const form = (fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Pairs> =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(fields).map(([k, good]) => [k, fc.array(value(good), { maxLength: 3 })]),
        ) as Record<string, fc.Arbitrary<string[]>>,
      ),
      fc.array(fc.tuple(fc.oneof(prototypeKey, fc.string({ maxLength: 12 })), hostile), {
        maxLength: 3,
      }),
    )
    .map(([known, stray]) => [
      ...Object.entries(known).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v])),
      ...stray,
    ]);

// --- The cases ----------------------------------------------------------------------------------

type Who = "platform" | "company" | "anonymous" | "leaving";
type Encoding = "urlencoded" | "multipart" | "json" | "none";
type Case = { who: Who; path: string; pairs: Pairs; encoding: Encoding; htmx: boolean };

/** Ids of both tenants, read after the harness is built. */
type Ids = {
  a: string;
  b: string;
  staff: string[];
  services: string[];
  hosts: number[];
  phonesA: string[];
  phonesB: string[];
};

function caseArbitrary(ids: Ids): fc.Arbitrary<Case> {
  const A = `/admin/companies/${ids.a}`;
  const B = `/admin/companies/${ids.b}`;
  const segment = (good: fc.Arbitrary<string>) =>
    value(good).map((s) =>
      // A lone surrogate cannot be percent-encoded: it goes as U+FFFD, as a browser sends it.
      encodeURIComponent(Buffer.from(s.slice(0, 300), "utf8").toString("utf8")),
    );
  const staff = fc.constantFrom(...ids.staff);
  const host = fc.constantFrom(...ids.hosts.map(String));
  const service = fc.constantFrom(...ids.services);
  const phone = fc.constantFrom(
    ...ids.phonesA,
    ...ids.phonesB,
    "+4915100000000",
    "015112345601",
    "+49 151 1234 5601",
  );
  const back = fc.constantFrom(
    `${A}/mappings?status=review`,
    `${B}/mappings`,
    "https://evil.example/",
    "//evil.example",
    "/admin/companies",
    "javascript:alert(1)",
  );
  const enc = fc.constantFrom<Encoding>(
    "urlencoded",
    "urlencoded",
    "urlencoded",
    "multipart",
    "json",
    "none",
  );
  const admin = fc.constantFrom<Who>("platform", "company");
  /** A route: its path(s) and its fields; the company admin may also aim at company B. */
  const route = (
    who: fc.Arbitrary<Who>,
    path: fc.Arbitrary<string>,
    fields: Record<string, fc.Arbitrary<string>>,
  ) =>
    fc
      .record({ who, path, pairs: form(fields), encoding: enc, htmx: fc.boolean() })
      // Only the company admin is sent to company B: the platform admin may change B.
      .map((c): Case => (c.who === "platform" ? { ...c, path: c.path.replace(B, A) } : c));
  /** Company A's pages; the company admin (of A) also aims at company B's, which it may not reach. */
  const companyPath = (rest: fc.Arbitrary<string>) =>
    fc.tuple(fc.constantFrom(A, A, A, A, B), rest).map(([base, r]) => `${base}${r}`);

  return fc.oneof(
    {
      weight: 1,
      arbitrary: route(fc.constant("anonymous"), fc.constant("/admin/login"), {
        email: fc.constantFrom(
          logins.salon,
          logins.platform,
          logins.bright.toUpperCase(),
          "x@y.example",
        ),
        password: fc.constantFrom(consolePassword, "wrong"),
        next: back,
      }),
    },
    { weight: 1, arbitrary: route(fc.constant("leaving"), fc.constant("/admin/logout"), {}) },
    {
      weight: 1,
      arbitrary: route(admin, fc.constant("/admin/locale"), {
        locale: fc.constantFrom("de", "en", "fr"),
        back,
      }),
    },
    {
      weight: 2,
      arbitrary: route(admin, fc.constant("/admin/lockouts"), {
        email: fc.constantFrom(logins.salon, logins.bright, "nobody@x.example"),
        address: fc.constantFrom("198.51.100.7", "::1", "::ffff:192.0.2.1"),
      }),
    },
    {
      weight: 8,
      arbitrary: route(admin, companyPath(fc.constant("/mappings/bulk")), {
        host: host,
        action: fc.constantFrom("set", "accept", "reject", "delete"),
        ...Object.fromEntries(ids.hosts.slice(0, 6).map((h) => [`staff-${h}`, staff])),
        back,
      }),
    },
    {
      weight: 8,
      arbitrary: route(
        admin,
        companyPath(
          fc
            .tuple(
              segment(host),
              segment(fc.constantFrom("set", "accept", "reject", "unset", "delete")),
            )
            .map(([h, v]) => `/mappings/${h}/${v}`),
        ),
        { staffId: staff, service, back },
      ),
    },
    {
      weight: 8,
      arbitrary: route(admin, companyPath(segment(service).map((s) => `/services/${s}`)), {
        name: fc.constantFrom("Haarschnitt", "Färben", ""),
        durationMinutes: fc.constantFrom("30", "45", "0", "-5", "100000", "1.5"),
        eventTypeId: fc.constantFrom("", "2001", "2002", "2101", "99999"),
      }),
    },
    {
      weight: 10,
      arbitrary: route(
        admin,
        companyPath(
          segment(
            fc.constantFrom("general", "calcom", "webhook", "matching", "notifications", "phones"),
          ).map((s) => `/settings/${s}`),
        ),
        {
          name: fc.constantFrom("Salon Beispiel", "Other"),
          timezone: fc.constantFrom("Europe/Berlin", "Mars/Olympus", "UTC"),
          locale: fc.constantFrom("de", "en"),
          country: fc.constantFrom("DE", "US", "XX"),
          // Not a hosted region: once there, "Test connection" would leave the simulator.
          calcomBaseUrl: fc.constantFrom(
            "https://api.cal.com.evil.example",
            "http://169.254.169.254",
            "http://calcom.test",
          ),
          calcomTeamId: fc.constantFrom("1001", "1002", "", "-1"),
          calcomApiKey: fc.constantFrom("", "cal_test_salon_beispiel"),
          calcomWebhookSecret: fc.constantFrom("", "s3cret"),
          autoThreshold: fc.constantFrom("0.9", "0.5", "2", "-1"),
          suggestThreshold: fc.constantFrom("0.6", "0.95", "abc"),
          notifyEmail: fc.constantFrom("", "owner@salon.example", "not-an-email"),
          notifyWebhookUrl: fc.constantFrom(
            "",
            "https://hooks.example/frontdesk",
            "http://hooks.example/x",
            "https://user:pw@hooks.example/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://[::ffff:10.0.0.1]/",
            "https://169.254.169.254/latest/meta-data",
            "https://localhost./",
            "https://a.localhost/",
            "https://0x7f000001/",
            "https://2130706433/",
            "https://hooks.example:99999/",
            "https://",
            "ftp://hooks.example/",
          ),
          number: phone,
          label: fc.constantFrom("Main line", ""),
        },
      ),
    },
    {
      weight: 3,
      arbitrary: route(admin, companyPath(fc.constant("/settings/phones/remove")), {
        number: phone,
      }),
    },
    // Not /settings/test: with the team id or key the fuzz has stored, one probe waited 59 s
    // (the simulated Cal.com's answer, not a 5xx); it is left out to keep the suite short.
    { weight: 2, arbitrary: route(admin, companyPath(fc.constant("/syncs")), {}) },
    {
      weight: 6,
      arbitrary: route(
        admin,
        companyPath(fc.constantFrom("/privacy/lookup", "/privacy/export", "/privacy/erase")),
        { phone, confirm: phone },
      ),
    },
  );
}

// --- The suite ----------------------------------------------------------------------------------

/** Tenant tables whose rows of another company must not change at all. */
const tenantTables = [
  "phone_number",
  "retell_agent",
  "staff",
  "service",
  "calcom_member",
  "calcom_event_type",
  "calcom_event_type_host",
  "host_mapping",
  "mapping_audit",
  "customer",
  "appointment",
  "call",
  "booking_attempt",
  "inbox_event",
  "sync_run",
  "privacy_audit",
] as const satisfies readonly (keyof DB)[];

describe.each(testEngines())("console forms under hostile input on %s", (engine) => {
  let h: ConsoleHarness;
  let ids: Ids;
  let platform: ConsoleClient;
  let company: ConsoleClient;
  let anonymous: ConsoleClient;
  let leaving: ConsoleClient;

  beforeAll(async () => {
    h = await buildConsole(engine);
    const db = h.database.db;
    // Callers with appointments in both companies, one number in both: only an erase may touch them.
    const now = new Date().toISOString();
    const seedCustomers = async (companyId: string, phones: string[]) => {
      for (const [i, phone] of phones.entries()) {
        const id = `cust-${companyId}-${i}`;
        await db
          .insertInto("customer")
          .values({
            id,
            company_id: companyId,
            name: `Kundin ${i}`,
            phone,
            email: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await db
          .insertInto("appointment")
          .values({
            id: `appt-${companyId}-${i}`,
            company_id: companyId,
            service_id: null,
            staff_id: null,
            customer_id: id,
            calcom_user_id: null,
            calcom_booking_uid: `uid-${companyId}-${i}`,
            calcom_booking_id: null,
            calcom_event_type_id: 2001,
            start_at: new Date(Date.now() + (i + 1) * 86_400_000).toISOString(),
            end_at: new Date(Date.now() + (i + 1) * 86_400_000 + 1_800_000).toISOString(),
            status: "accepted",
            source: "calcom",
            retell_call_id: null,
            idempotency_key: null,
            rescheduled_from_uid: null,
            rescheduled_to_uid: null,
            notes: null,
            attendee_name: `Kundin ${i}`,
            attendee_email: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
    };
    const phonesA = ["+4915112345601", "+4915112345602", "+4915112345603"];
    const phonesB = ["+4915112345601", "+4915112345699"];
    await seedCustomers(h.salon.id, phonesA);
    await seedCustomers(h.bright.id, phonesB);
    const of = async (table: "staff" | "service", companyId: string) =>
      (await db.selectFrom(table).select("id").where("company_id", "=", companyId).execute()).map(
        (r) => r.id,
      );
    const hosts = await db
      .selectFrom("calcom_member")
      .select(["calcom_user_id", "company_id"])
      .where("company_id", "in", [h.salon.id, h.bright.id])
      .execute();
    ids = {
      a: h.salon.id,
      b: h.bright.id,
      staff: [...(await of("staff", h.salon.id)), ...(await of("staff", h.bright.id)).slice(0, 3)],
      services: [
        ...(await of("service", h.salon.id)),
        ...(await of("service", h.bright.id)).slice(0, 2),
      ],
      hosts: [...new Set(hosts.map((r) => Number(r.calcom_user_id)))],
      phonesA: [...phonesA, demoCompanies[0]!.phoneNumber],
      phonesB: [...phonesB, demoCompanies[1]!.phoneNumber],
    };
    platform = consoleClient(h.http, origin);
    expect((await platform.login(logins.platform, consolePassword)).status).toBe(303);
    await platform.page(`/admin/companies/${h.salon.id}/settings`);
    company = consoleClient(h.http, origin);
    expect((await company.login(logins.salon, consolePassword)).status).toBe(303);
    await company.page(`/admin/companies/${h.salon.id}/settings`);
    anonymous = consoleClient(h.http, origin);
    await anonymous.page("/admin/login");
    leaving = consoleClient(h.http, origin);
  }, 60_000);
  afterAll(() => h.close());

  const snapshot = async (companyIds: string[], tables: readonly (keyof DB)[] = tenantTables) => {
    const out: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = await h.database.db
        .selectFrom(table)
        .selectAll()
        // biome-ignore lint/suspicious/noExplicitAny: every table listed has company_id
        .where("company_id" as any, "in", companyIds)
        .execute();
      out[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    if (tables !== tenantTables) return out;
    const companies = await h.database.db
      .selectFrom("company")
      .selectAll()
      .where("id", "in", companyIds)
      .execute();
    out.company = companies.map((r) => JSON.stringify(r)).sort();
    return out;
  };

  /** Per host of company A: its mapping state, and how many audit rows it has. */
  const mappingState = async () => {
    const db = h.database.db;
    const [mappings, audits] = await Promise.all([
      db
        .selectFrom("host_mapping")
        .select(["calcom_user_id", "staff_id", "status"])
        .where("company_id", "=", h.salon.id)
        .execute(),
      db
        .selectFrom("mapping_audit")
        .select(["calcom_user_id", (eb) => eb.fn.countAll().as("n")])
        .where("company_id", "=", h.salon.id)
        .groupBy("calcom_user_id")
        .execute(),
    ]);
    return {
      mapping: new Map(
        mappings.map((m) => [Number(m.calcom_user_id), `${m.staff_id}/${m.status}`]),
      ),
      audits: new Map(audits.map((a) => [Number(a.calcom_user_id), Number(a.n)])),
    };
  };

  async function send(c: Case): Promise<Response> {
    const client = { platform, company, anonymous, leaving }[c.who];
    if (c.who === "leaving" && !client.jar.has("fd_session")) {
      await client.login(logins.bright, consolePassword);
      await client.page(`/admin/companies/${h.bright.id}/services`);
    }
    const headers: Record<string, string> = {};
    if (client.jar.size) headers.cookie = [...client.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (c.htmx) headers["hx-request"] = "true";
    const pairs: Pairs = [["_csrf", client.csrf], ...c.pairs];
    let body: string | FormData | undefined;
    if (c.encoding === "urlencoded") {
      body = new URLSearchParams(pairs).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (c.encoding === "multipart") {
      const data = new FormData();
      for (const [k, v] of pairs) data.append(k, v);
      body = data;
    } else {
      // No form the console reads: the token travels in the header as htmx sends it.
      headers["x-csrf-token"] = client.csrf;
      if (c.encoding === "json") {
        body = JSON.stringify(Object.fromEntries(pairs));
        headers["content-type"] = "application/json";
      }
    }
    return h.http.request(`${origin}${c.path}`, { method: "POST", headers, body });
  }

  it(`${cases.toLocaleString("en")} hostile console form posts with session and CSRF: 0 × 5xx, 0 partial writes`, async () => {
    const started = performance.now();
    const others = [h.bright.id, h.big.id];
    const othersBefore = await snapshot(others);
    const customerTables = ["customer", "appointment"] as const;
    let aCustomers = await snapshot([h.salon.id], customerTables);
    let erasedSinceCheck = false;
    let mappings = await mappingState();
    const statuses = new Map<string, number>();
    const fiveHundreds: { case: Case; status: number; text: string }[] = [];
    const problems: string[] = [];
    let sent = 0;
    let window: string[] = [];
    const slow = new Map<string, number>();

    const check = async () => {
      // Sync now runs in the background: let it finish before comparing rows.
      while (h.useCases.sync.syncNow.state(h.salon.id).running)
        await new Promise((r) => setTimeout(r, 5));
      const now = await mappingState();
      for (const id of new Set([...now.mapping.keys(), ...mappings.mapping.keys()])) {
        const changed = now.mapping.get(id) !== mappings.mapping.get(id);
        const audited = (now.audits.get(id) ?? 0) > (mappings.audits.get(id) ?? 0);
        if (changed && !audited)
          problems.push(
            `host ${id}: mapping ${mappings.mapping.get(id)} → ${now.mapping.get(id)} without an audit row`,
          );
      }
      mappings = now;
      const customers = await snapshot([h.salon.id], customerTables);
      if (!erasedSinceCheck && JSON.stringify(customers) !== JSON.stringify(aCustomers))
        problems.push(
          `company A's customers or appointments changed without an erase: ${JSON.stringify(
            customerTables.map((t) => [
              aCustomers[t]!.filter((r) => !customers[t]!.includes(r)),
              customers[t]!.filter((r) => !aCustomers[t]!.includes(r)),
            ]),
          ).slice(0, 1500)}`,
        );
      aCustomers = customers;
      erasedSinceCheck = false;
      for (const w of window) {
        const ms = Number(w.split(" ").at(-1)!.replace("ms", ""));
        const route = w.split(" ").slice(0, 2).join(" ");
        slow.set(route, (slow.get(route) ?? 0) + ms);
      }
      window = [];
    };

    await fc.assert(
      fc.asyncProperty(caseArbitrary(ids), async (c) => {
        const t0 = performance.now();
        const res = await send(c);
        const text = await res.text();
        sent++;
        const route = c.path
          .replace(/\/admin\/companies\/[^/]+/, "/:company")
          .replace(/\/mappings\/(?!bulk$).*$/, "/mappings/:host/:verb")
          .replace(/\/services\/.*$/, "/services/:id")
          .replace(/\/settings\/(?!phones\/remove$).*$/, "/settings/:section");
        const key = `${c.who} ${route} ${res.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (res.status >= 500)
          fiveHundreds.push({ case: c, status: res.status, text: text.slice(0, 300) });
        if (c.path.endsWith("/privacy/erase") && res.status === 200) erasedSinceCheck = true;
        if (process.env.FUZZ_SLOW && performance.now() - t0 > 500)
          console.log("slow", Math.round(performance.now() - t0), JSON.stringify(c).slice(0, 400));
        window.push(`${key} ${Math.round(performance.now() - t0)}ms`);
        if (sent % checkEvery === 0) await check();
      }),
      { numRuns: cases, seed },
    );
    await check();
    const othersAfter = await snapshot(others);
    for (const table of Object.keys(othersBefore))
      if (JSON.stringify(othersBefore[table]) !== JSON.stringify(othersAfter[table]))
        problems.push(`another company's ${table} rows changed`);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `console fuzz on ${engine}: ${sent} cases, ${fiveHundreds.length} × 5xx, ${problems.length} partial writes, ` +
        `${seconds.toFixed(1)} s (seed ${seed}); statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ms per route: ${JSON.stringify(Object.fromEntries([...slow].sort((x, y) => y[1] - x[1])))}`,
    );
    expect(fiveHundreds.slice(0, 3)).toEqual([]);
    expect(problems).toEqual([]);
    expect(sent).toBe(cases);
    // A background "Sync now" may be refused once the fuzz has broken A's Cal.com settings; it
    // is reported as a failed run, never a crash.
    expect(
      h.backgroundErrors
        .map((e) => `${(e as Error).name}: ${(e as Error).message}`)
        .filter((e) => !e.startsWith("ValidationError")),
    ).toEqual([]);
    // Prototype keys stayed data.
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    // Both admins' forms got through to the routes (not all refused before them).
    const reached = [...statuses.keys()];
    for (const done of [
      "platform /:company/settings/:section 303",
      "company /:company/services/:id 303",
      "company /:company/privacy/lookup 200",
    ])
      expect(reached, done).toContain(done);
  }, 180_000);
});
