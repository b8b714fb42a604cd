import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Retell from "retell-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { type RunningDemo, startDemo } from "../../src/app/demo.ts";
import { createDatabase } from "../../src/db/connect.ts";
import { cli } from "../support/cli.ts";

/**
 * The demo as `npm start` runs it, attacked over real HTTP on 127.0.0.1: an oversized login body,
 * a parallel password guess, a company admin reaching for phone routing, loopback notification
 * URLs, and an erased caller looked for in the raw SQLite files.
 */

const apiKey = "key_demo_hostile";
const MiB = 1024 * 1024;

let demo: RunningDemo;
let dir: string;
let env: Record<string, string>;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "frontdesk-demo-hostile-"));
  env = {
    DATABASE_URL: `sqlite:${join(dir, "frontdesk.db")}`,
    FRONTDESK_DATA_DIR: dir,
    RETELL_API_KEY: apiKey,
    LOG_LEVEL: "silent",
  };
  demo = await startDemo(loadConfig(env), { port: 0, simulator: { latency: "zero" } });
  base = demo.server.url;
  expect(new URL(base).hostname).toBe("127.0.0.1");
}, 60_000);

afterAll(async () => {
  await demo?.close();
});

/** A cookie-keeping console client over real HTTP (fetch), following no redirects. */
function browser() {
  const jar = new Map<string, string>();
  let csrf = "";
  async function send(method: string, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await fetch(`${base}${path}`, { method, headers, body, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1).trim();
      if (value === "") jar.delete(pair.slice(0, eq).trim());
      else jar.set(pair.slice(0, eq).trim(), value);
    }
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) csrf = token;
    return { status: res.status, html, location: res.headers.get("location") };
  }
  return {
    jar,
    get csrf() {
      return csrf;
    },
    page: (path: string) => send("GET", path),
    post: (path: string, form: Record<string, string>) =>
      send("POST", path, { _csrf: csrf, ...form }),
    async login(email: string, password: string) {
      await send("GET", "/admin/login");
      return send("POST", "/admin/login", { _csrf: csrf, email, password });
    },
  };
}

async function signedPost(path: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-retell-signature": await Retell.sign(body, apiKey),
    },
  });
  return {
    status: res.status,
    json: (await res.json()) as {
      ok?: boolean;
      data: Record<string, unknown>;
      call_inbound?: { dynamic_variables: Record<string, string> };
    },
  };
}

/**
 * Posts a body of `total` bytes to /admin/login from a generator that yields one reused 64 KiB
 * buffer (the body is never allocated), writing only as fast as the socket takes it and stopping
 * once the answer arrives or the connection closes. Returns the status and the bytes yielded.
 */
function hugePost(total: number, withLength: boolean) {
  const chunk = Buffer.alloc(64 * 1024, "a");
  let yielded = 0;
  function* body() {
    while (yielded < total) {
      const n = Math.min(chunk.length, total - yielded);
      yielded += n;
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
    }
  }
  return new Promise<{ status: number | null; yielded: number }>((resolve, reject) => {
    let status: number | null = null;
    let finished = false;
    const url = new URL("/admin/login", base);
    const req = httpRequest({
      host: "127.0.0.1",
      port: url.port,
      path: url.pathname,
      method: "POST",
      // A fresh connection each time: no kept-alive socket of an earlier request is reused.
      agent: false,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(withLength ? { "content-length": String(total) } : {}),
      },
    });
    const done = () => {
      if (finished) return;
      finished = true;
      req.destroy();
      resolve({ status, yielded });
    };
    req.on("response", (res) => {
      status = res.statusCode ?? null;
      res.resume();
      res.on("end", done);
      res.on("close", done);
    });
    req.on("error", (error) => {
      // The server closing the connection under us is an expected end; anything before an
      // answer that is not a reset is a failure of the test itself.
      if (status !== null || /ECONNRESET|EPIPE/.test(String(error))) done();
      else reject(new Error(`${String(error)} after ${yielded} bytes, no answer`));
    });
    req.on("close", done);
    const gen = body();
    const pump = () => {
      while (!finished && status === null) {
        const next = gen.next();
        if (next.done) {
          req.end();
          return;
        }
        if (!req.write(next.value)) {
          req.once("drain", pump);
          return;
        }
      }
    };
    pump();
  });
}

const memory = () => {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};

describe("the demo under hostile clients", () => {
  it("refuses a 400 MiB login body with 413 without reading or keeping it", async () => {
    const total = 400 * MiB;
    // Warm up the paths once, so lazily loaded code is not counted as growth.
    await hugePost(1 * MiB, true);
    await hugePost(1 * MiB, false);

    for (const withLength of [true, false]) {
      const before = memory();
      const result = await hugePost(total, withLength);
      const after = memory();
      expect(result.status, `with content-length: ${withLength}`).toBe(413);
      // Only a small part of the 400 MiB ever left the generator (socket buffers included).
      expect(result.yielded, `with content-length: ${withLength}`).toBeLessThan(16 * MiB);
      expect(after.rss - before.rss, `rss, content-length: ${withLength}`).toBeLessThan(5 * MiB);
      expect(after.heap - before.heap, `heap, content-length: ${withLength}`).toBeLessThan(5 * MiB);
    }
    // The server still answers.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);

  it("checks at most five of 100 parallel passwords, and the right one does not get in", async () => {
    const email = demo.login.email;
    const first = await fetch(`${base}/admin/login`);
    await first.text();
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const page = await fetch(`${base}/admin/login`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(csrf).toBeTruthy();

    const passwords = Array.from({ length: 100 }, (_, i) =>
      i === 57 ? demo.login.password : `wrong-${i}-${demo.login.password}`,
    );
    const answers = await Promise.all(
      passwords.map(async (password) => {
        const res = await fetch(`${base}/admin/login`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ _csrf: csrf!, email, password }).toString(),
        });
        await res.text();
        return { password, status: res.status, session: res.headers.getSetCookie().join(";") };
      }),
    );
    const statuses = answers.map((a) => a.status);
    // 401 = a password was checked and was wrong; 429 = locked, no password checked. The fifth
    // failure itself answers 429 too (it locks the email), so the checked ones are at most the
    // non-429 answers plus that one: either way no more than five.
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(95);
    const right = answers.find((a) => a.password === demo.login.password)!;
    expect(right.status).not.toBe(303);
    expect(right.session).not.toMatch(/fd_session=[^;]+/);

    // Locked: the right password alone does not get in either, for now.
    const again = await browser().login(email, demo.login.password);
    expect(again.status).toBe(429);
    expect(again.location).toBeNull();
  }, 60_000);

  it("does not let a company admin add a phone number, and the number does not route", async () => {
    const email = "hostile-company-admin@example.test";
    const password = "a-long-company-admin-password";
    const created = await cli(
      [
        "user",
        "create",
        "--email",
        email,
        "--password-stdin",
        "--role",
        "company_admin",
        "--company",
        "salon-beispiel",
      ],
      env,
      `${password}\n`,
    );
    expect(created.code, created.stderr).toBe(0);

    const salon = demo.companies.find((c) => c.slug === "salon-beispiel")!;
    const settings = `/admin/companies/${encodeURIComponent(salon.id)}/settings`;
    const admin = browser();
    const login = await admin.login(email, password);
    expect(login.status).toBe(303);
    const page = await admin.page(settings);
    expect(page.status).toBe(200);
    expect(admin.csrf).toBeTruthy();

    const number = "+493012345699";
    const added = await admin.post(`${settings}/phones`, { number, label: "hostile" });
    expect(added.status).toBe(403);
    expect(added.html).not.toContain(number);

    const inbound = await signedPost("/webhooks/retell/inbound", {
      event: "call_inbound",
      call_inbound: { agent_id: "agent_demo", from_number: "+4915112340000", to_number: number },
    });
    expect(inbound.status).toBe(200);
    expect(inbound.json.call_inbound?.dynamic_variables).toMatchObject({
      company_known: "false",
      company_name: "",
    });
    // The demo's own number still routes, so "unknown" above is about the number.
    const known = await signedPost("/webhooks/retell/inbound", {
      event: "call_inbound",
      call_inbound: {
        agent_id: "agent_demo",
        from_number: "+4915112340000",
        to_number: "+493012345670",
      },
    });
    expect(known.json.call_inbound?.dynamic_variables.company_known).toBe("true");
  }, 60_000);

  it("refuses loopback and metadata notification URLs at save time and keeps the stored one", async () => {
    const salon = demo.companies.find((c) => c.slug === "salon-beispiel")!;
    const settings = `/admin/companies/${encodeURIComponent(salon.id)}/settings`;
    const admin = browser();
    const login = await admin.login(demo.login.companyAdminEmail, demo.login.password);
    expect(login.status).toBe(303);
    await admin.page(settings);

    const good = "https://hooks.example.com/frontdesk";
    const saved = await admin.post(`${settings}/notifications`, {
      notifyEmail: "",
      notifyWebhookUrl: good,
    });
    expect(saved.status).toBe(303);
    // What is stored, read from the demo's database file through a connection of our own.
    const stored = async () => {
      const database = createDatabase(env.DATABASE_URL!);
      try {
        const row = await database.db
          .selectFrom("company")
          .select("notify_webhook_url")
          .where("slug", "=", "salon-beispiel")
          .executeTakeFirstOrThrow();
        return row.notify_webhook_url;
      } finally {
        await database.close();
      }
    };
    expect(await stored()).toBe(good);

    const port = new URL(base).port;
    for (const [url, reason] of [
      // The demo's admin reads German.
      [`http://127.0.0.1:${port}/healthz`, "muss eine https://-Adresse sein"],
      ["https://127.0.0.1/", "darf nicht auf eine private oder interne Adresse zeigen (127.0.0.1)"],
      [
        "https://169.254.169.254/",
        "darf nicht auf eine private oder interne Adresse zeigen (169.254.169.254)",
      ],
    ] as const) {
      await admin.page(settings);
      const refused = await admin.post(`${settings}/notifications`, {
        notifyEmail: "",
        notifyWebhookUrl: url,
      });
      expect(refused.status, url).toBe(422);
      expect(refused.html, url).toContain(reason);
      expect(await stored(), url).toBe(good);
      const after = await admin.page(settings);
      expect(after.html, url).toContain(`value="${good}"`);
    }
  }, 60_000);

  it("leaves none of an erased caller's data in the SQLite files", async () => {
    const caller = {
      phone: "+4915199887766",
      digits: "4915199887766",
      national: "015199887766",
      name: "Quirinus Zettelmeyer",
      email: "quirinus.zettelmeyer@hostile.example",
    };
    const call = {
      call_id: "call_hostile_erase",
      agent_id: "agent_demo",
      to_number: "+493012345670",
      from_number: caller.phone,
    };
    const inbound = await signedPost("/webhooks/retell/inbound", {
      event: "call_inbound",
      call_inbound: {
        agent_id: call.agent_id,
        from_number: caller.phone,
        to_number: call.to_number,
      },
    });
    expect(inbound.status).toBe(200);
    const check = await signedPost("/webhooks/retell/functions", {
      name: "check_availability",
      call,
      args: { service: "Haarschnitt", date: "morgen" },
    });
    expect(check.json.ok).toBe(true);
    const slots = check.json.data.slots as { start: string }[];
    expect(slots.length).toBeGreaterThan(0);
    const booked = await signedPost("/webhooks/retell/functions", {
      name: "book_appointment",
      call,
      args: {
        service: "Haarschnitt",
        start: slots[0]!.start,
        customer_name: caller.name,
        customer_email: caller.email,
      },
    });
    expect(booked.json.ok, JSON.stringify(booked.json)).toBe(true);
    expect(booked.json.data).toMatchObject({ booked: true });
    // Cal.com's BOOKING_CREATED webhook (attendee name and email) has arrived before the erasure.
    await demo.simulator.flushWebhooks();

    const files = ["frontdesk.db", "frontdesk.db-wal", "frontdesk.db-shm"].map((f) => join(dir, f));
    const contents = () =>
      files.filter((f) => existsSync(f)).map((f) => ({ file: f, bytes: readFileSync(f) }));
    // The data is really there before (else the search below proves nothing).
    const all = Buffer.concat(contents().map((c) => c.bytes));
    expect(all.includes(Buffer.from(caller.email, "utf8"))).toBe(true);
    expect(all.includes(Buffer.from(caller.name, "utf8"))).toBe(true);

    const erased = await cli(
      ["customer", "erase", "--company", "salon-beispiel", "--phone", caller.phone],
      env,
    );
    expect(erased.code, erased.stderr).toBe(0);

    const needles = [
      caller.name,
      caller.name.split(" ")[1]!,
      caller.email,
      caller.phone,
      caller.digits,
      caller.national,
    ];
    const found = contents().flatMap(({ file, bytes }) =>
      needles.filter((n) => bytes.includes(Buffer.from(n, "utf8"))).map((n) => `${file}: ${n}`),
    );
    expect(found).toEqual([]);
  }, 60_000);
});
