import { request } from "node:http";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeLogIn } from "../../src/features/auth/log-in.ts";
import {
  createPasswordHasher,
  hashPassword,
  needsRehash,
  verifyPassword,
} from "../../src/platform/password.ts";
import { clientAddress } from "../../src/web/security.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
  serveConsole,
  testPasswordCost,
} from "../support/console-app.ts";
import { consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";
import { storeFor } from "../support/fixtures.ts";

const MiB = 1024 * 1024;
/** What @hono/node-server passes as env: the socket a request came in on. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

/** A body of `total` bytes made as it is read (one reused chunk): nothing of it is allocated up front. */
function streamedBody(total: number, chunk = new Uint8Array(64 * 1024).fill(0x61)) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
  return { stream, sent: () => sent };
}

describe.each(testEngines())("console login limits on %s", (engine) => {
  let h: ConsoleHarness;
  let verifications = 0;
  beforeAll(async () => {
    h = await buildConsole(engine, {
      verifyPassword: (verify) => (password, hash) => {
        verifications++;
        return verify(password, hash);
      },
    });
  });
  afterAll(() => h.close());

  const attemptRows = async (table: "login_attempt" | "login_address_attempt" = "login_attempt") =>
    Number(
      (
        await h.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const clearAttempts = async () => {
    await h.database.db.deleteFrom("login_attempt").execute();
    await h.database.db.deleteFrom("login_address_attempt").execute();
  };

  it("refuses a streamed 400 MiB body with 413 after reading at most 64 KiB of it, in the user's language", async () => {
    const client = consoleClient(h.http);
    await client.page("/admin/login");
    const before = process.memoryUsage();
    const body = streamedBody(400 * MiB);
    const res = await h.http.request("http://console.test/admin/login", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "accept-language": "de-DE,de;q=0.9",
        cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Anfrage zu groß");
    const after = process.memoryUsage();
    // Cut off as it arrived: a couple of chunks were pulled, not 400 MiB.
    expect(body.sent()).toBeLessThanOrEqual(192 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * MiB);
    expect(after.rss - before.rss).toBeLessThan(16 * MiB);
  });

  it("refuses a stated Content-Length above 64 KiB before reading anything, on every console route", async () => {
    const client = consoleClient(h.http);
    await client.login(logins.platform, consolePassword);
    for (const path of ["/admin/login", `/admin/companies/${h.salon.id}/settings/matching`]) {
      const body = streamedBody(400 * MiB);
      const res = await h.http.request(`http://console.test${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(400 * MiB),
          cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join("; "),
        },
        body: body.stream,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(await res.text()).toContain("Request too large");
      expect(body.sent()).toBeLessThanOrEqual(128 * 1024);
    }
  });

  it("still reads a small body that arrives chunked", async () => {
    const client = consoleClient(h.http);
    await client.page("/admin/login");
    const form = new URLSearchParams({
      _csrf: client.csrf,
      email: logins.bright,
      password: consolePassword,
    }).toString();
    const res = await h.http.request("http://console.test/admin/login", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body: new Blob([form]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(303);
  });

  it("gives a clear error for an oversized email or password and stores no row for it", async () => {
    await clearAttempts();
    const client = consoleClient(h.http);
    await client.page("/admin/login");
    // 5 MiB of email: the body limit answers before the form is even parsed.
    const huge = await client.request("POST", "/admin/login", {
      form: { _csrf: client.csrf, email: `${"a".repeat(5 * MiB)}@x.example`, password: "x" },
    });
    expect(huge.status).toBe(413);
    // Small enough for the body, too long for an email (254) or a password (1,024).
    const long = await client.request("POST", "/admin/login", {
      form: { _csrf: client.csrf, email: `${"a".repeat(300)}@x.example`, password: "x" },
    });
    expect(long.status).toBe(400);
    const html = await long.text();
    expect(html).toContain("The email address is too long (at most 254 characters).");
    expect(html).not.toContain("a".repeat(300));
    const longPassword = await client.request("POST", "/admin/login", {
      form: { _csrf: client.csrf, email: logins.salon, password: "p".repeat(1025) },
    });
    expect(longPassword.status).toBe(400);
    expect(await longPassword.text()).toContain("The password is too long");
    expect(await attemptRows()).toBe(0);

    // The use-case refuses them too, before hashing or counting anything.
    const before = verifications;
    const direct = await h.useCases.auth.logIn({
      email: `${"a".repeat(5 * MiB)}@x.example`,
      password: "x",
    });
    expect(direct).toEqual({ status: "too_long", field: "email" });
    expect(verifications).toBe(before);
    expect(await attemptRows()).toBe(0);
  });

  it("checks at most five passwords of 100 parallel logins, and the right one does not get in while locked", async () => {
    await clearAttempts();
    const before = verifications;
    const client = consoleClient(h.http);
    await client.page("/admin/login");
    const passwords = [...Array.from({ length: 99 }, (_, i) => `wrong-${i}`), consolePassword];
    const results = await Promise.all(
      passwords.map((password) =>
        client.request("POST", "/admin/login", {
          form: { _csrf: client.csrf, email: logins.salon, password },
        }),
      ),
    );
    expect(verifications - before).toBeLessThanOrEqual(5);
    expect(results.at(-1)!.status).toBe(429);
    expect(results.filter((r) => r.status === 303)).toEqual([]);
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(4);
    expect(client.jar.has("fd_session")).toBe(false);
  });

  it("limits one client address across many emails, from the socket's address, not X-Forwarded-For", async () => {
    await clearAttempts();
    const attacker = consoleClient(h.http, "http://console.test", {}, fromAddress("198.51.100.7"));
    await attacker.page("/admin/login");
    for (let i = 0; i < 30; i++) {
      const res = await attacker.request("POST", "/admin/login", {
        form: { _csrf: attacker.csrf, email: `guess-${i}@nowhere.example`, password: "wrong" },
      });
      expect(res.status, `attempt ${i + 1}`).toBe(i < 29 ? 401 : 429);
    }
    const before = verifications;
    // A new email, even with the right password, and a forged X-Forwarded-For: still locked.
    const res = await attacker.request("POST", "/admin/login", {
      form: { _csrf: attacker.csrf, email: logins.bright, password: consolePassword },
      headers: { "x-forwarded-for": "203.0.113.99" },
    });
    expect(res.status).toBe(429);
    expect(verifications).toBe(before);
    // Another address is not affected, and each email counted only one failure.
    const other = consoleClient(h.http, "http://console.test", {}, fromAddress("192.0.2.10"));
    expect((await other.login(logins.bright, consolePassword)).status).toBe(303);
    const row = await h.database.db
      .selectFrom("login_attempt")
      .select("failures")
      .where("email_key", "=", "guess-0@nowhere.example")
      .executeTakeFirstOrThrow();
    expect(Number(row.failures)).toBe(1);
  });

  it("lets only a platform admin unlock an address early, and audits who unlocked which when", async () => {
    await clearAttempts();
    const victim = consoleClient(h.http);
    for (let i = 0; i < 5; i++) await victim.login(logins.salon, `wrong-${i}`);
    expect((await victim.login(logins.salon, consolePassword)).status).toBe(429);

    const company = consoleClient(h.http, "http://console.test", {}, fromAddress("192.0.2.20"));
    await company.login(logins.bright, consolePassword);
    expect((await company.page("/admin/lockouts")).status).toBe(404);
    await company.page(`/admin/companies/${h.bright.id}/services`);
    const refused = await company.post("/admin/lockouts", { email: logins.salon });
    expect(refused.status).toBe(404);
    expect((await victim.login(logins.salon, consolePassword)).status).toBe(429);

    const admin = consoleClient(h.http, "http://console.test", {}, fromAddress("192.0.2.21"));
    await admin.login(logins.platform, consolePassword);
    const page = await admin.page("/admin/lockouts");
    expect(page.status).toBe(200);
    expect(page.html).toContain(logins.salon);
    const before = Date.now();
    const unlocked = await admin.post("/admin/lockouts", { email: logins.salon });
    expect(unlocked.status).toBe(303);
    const audit = await h.database.db.selectFrom("login_unlock_audit").selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      email_key: logins.salon,
      actor_user_id: h.users.platform.id,
      actor_email: logins.platform,
    });
    const at = new Date(audit[0]!.unlocked_at as unknown as string).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await admin.page("/admin/lockouts")).html).toContain(logins.platform);
    expect((await victim.login(logins.salon, consolePassword)).status).toBe(303);
  });

  it("lists a locked client address and lets only a platform admin unlock it early, audited", async () => {
    await clearAttempts();
    await h.database.db.deleteFrom("login_unlock_audit").execute();
    const attacker = consoleClient(h.http, "http://console.test", {}, fromAddress("198.51.100.8"));
    await attacker.page("/admin/login");
    for (let i = 0; i < 30; i++)
      await attacker.request("POST", "/admin/login", {
        form: { _csrf: attacker.csrf, email: `spray-${i}@nowhere.example`, password: "wrong" },
      });
    expect((await attacker.login(logins.bright, consolePassword)).status).toBe(429);

    const company = consoleClient(h.http, "http://console.test", {}, fromAddress("192.0.2.30"));
    await company.login(logins.bright, consolePassword);
    await company.page(`/admin/companies/${h.bright.id}/services`);
    const refused = await company.post("/admin/lockouts", { address: "198.51.100.8" });
    expect(refused.status).toBe(404);
    expect((await attacker.login(logins.bright, consolePassword)).status).toBe(429);
    expect(await h.database.db.selectFrom("login_unlock_audit").selectAll().execute()).toEqual([]);

    const admin = consoleClient(h.http, "http://console.test", {}, fromAddress("192.0.2.31"));
    await admin.login(logins.platform, consolePassword);
    const page = await admin.page("/admin/lockouts");
    expect(page.html).toContain("Locked client addresses");
    expect(page.html).toContain('name="address" value="198.51.100.8"');
    // The navigation leads there for a platform admin, and not for a company admin.
    expect((await admin.page("/admin/companies")).html).toContain('href="/admin/lockouts"');
    const companyPage = await company.page(`/admin/companies/${h.bright.id}/services`);
    expect(companyPage.html).not.toContain('href="/admin/lockouts"');

    const unlocked = await admin.post("/admin/lockouts", { address: "198.51.100.8" });
    expect(unlocked.status).toBe(303);
    const audit = await h.database.db.selectFrom("login_unlock_audit").selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      kind: "address",
      email_key: "198.51.100.8",
      actor_user_id: h.users.platform.id,
      actor_email: logins.platform,
    });
    const left = await h.database.db
      .selectFrom("login_address_attempt")
      .select("address")
      .where("address", "=", "198.51.100.8")
      .execute();
    expect(left).toEqual([]);
    const after = await admin.page("/admin/lockouts");
    expect(after.html).toContain("No client address is locked.");
    expect(after.html).toContain("198.51.100.8");
    expect((await attacker.login(logins.bright, consolePassword)).status).toBe(303);
    // An address that was never counted has nothing to unlock: no second audit row.
    await admin.page("/admin/lockouts");
    expect((await admin.post("/admin/lockouts", { address: "203.0.113.250" })).status).toBe(303);
    expect(await h.database.db.selectFrom("login_unlock_audit").selectAll().execute()).toHaveLength(
      1,
    );
  });

  it("purges counts whose window has passed, so random emails cannot grow the table", async () => {
    await clearAttempts();
    let now = new Date("2026-01-01T10:00:00.000Z");
    const store = storeFor(h.database, { now: () => now });
    const fast = createPasswordHasher(testPasswordCost);
    const logIn = makeLogIn({
      ...store,
      verifyPassword: async () => false,
      hashPassword: fast.hashPassword,
      clock: { now: () => now },
    });
    for (let i = 0; i < 50; i++)
      await logIn({
        email: `flood-${i}@random.example`,
        password: "x",
        address: `192.0.2.${i % 10}`,
      });
    expect(await attemptRows()).toBe(50);
    expect(await attemptRows("login_address_attempt")).toBe(10);
    // 16 minutes later: the flood's counts no longer matter; the lock set 10 minutes in still does.
    now = new Date("2026-01-01T10:10:00.000Z");
    for (let i = 0; i < 5; i++) await logIn({ email: "held@random.example", password: "x" });
    expect(await attemptRows()).toBe(51);
    now = new Date("2026-01-01T10:16:00.000Z");
    await logIn({ email: "one-more@random.example", password: "x" });
    const left = await h.database.db
      .selectFrom("login_attempt")
      .select("email_key")
      .orderBy("email_key")
      .execute();
    expect(left.map((r) => r.email_key)).toEqual([
      "held@random.example",
      "one-more@random.example",
    ]);
    expect(await attemptRows("login_address_attempt")).toBe(0);
  });

  it("upgrades a hash made at N = 2^14 to OWASP's cost on login", async () => {
    await clearAttempts();
    const oldHash = await createPasswordHasher({ N: 2 ** 14, r: 8, p: 1 }).hashPassword(
      "upgrade-me",
    );
    const user = await h.store.users.create({
      email: "old-hash@frontdesk.local",
      passwordHash: oldHash,
      role: "company_admin",
      companyId: h.salon.id,
    });
    const store = storeFor(h.database);
    const logIn = makeLogIn({
      ...store,
      verifyPassword,
      hashPassword,
      needsRehash,
      clock: { now: () => new Date() },
    });
    expect((await logIn({ email: user.email, password: "upgrade-me" })).status).toBe("ok");
    const stored = (await store.users.findCredentials(user.email))!.passwordHash;
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(stored).not.toBe(oldHash);
    expect(await verifyPassword("upgrade-me", stored)).toBe(true);
    expect((await logIn({ email: user.email, password: "upgrade-me" })).status).toBe("ok");
  }, 20_000);

  it("answers 404 for unknown asset names, prototype keys included", async () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "nope.js"]) {
      const res = await h.http.request(`http://console.test/admin/assets/${name}`, {
        headers: { "if-none-match": "undefined" },
      });
      expect(res.status, name).toBe(404);
    }
    expect((await h.http.request("http://console.test/admin/assets/console.css")).status).toBe(200);
  });
});

describe("client address", () => {
  const app = (trusted: string[]) => {
    const a = new Hono();
    a.get("/", (c) => c.text(String(clientAddress(c, trusted))));
    return a;
  };
  const ask = async (trusted: string[], socket: string, xff?: string) => {
    const res = await app(trusted).request(
      "/",
      { headers: xff ? { "x-forwarded-for": xff } : {} },
      fromAddress(socket),
    );
    return res.text();
  };

  it("is the socket's address unless that socket is a trusted proxy", async () => {
    expect(await ask([], "198.51.100.7", "203.0.113.1")).toBe("198.51.100.7");
    expect(await ask(["10.0.0.2"], "::ffff:198.51.100.7", "203.0.113.1")).toBe("198.51.100.7");
    // Behind the trusted proxy: the last hop it saw, not what the client wrote first.
    expect(await ask(["10.0.0.2"], "10.0.0.2", "6.6.6.6, 203.0.113.1")).toBe("203.0.113.1");
    expect(await ask(["10.0.0.2"], "10.0.0.2")).toBe("10.0.0.2");
    expect(await (await app([]).request("/")).text()).toBe("null");
  });
});

describe("console body limit behind a real socket", () => {
  let h: ConsoleHarness;
  let server: Awaited<ReturnType<typeof serveConsole>>;
  beforeAll(async () => {
    h = await buildConsole("sqlite");
    server = await serveConsole(h);
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it("cuts a chunked body off past 64 KiB with 413, and still parses a small one", async () => {
    const { port } = new URL(server.url);
    const status = await new Promise<{ status: number; written: number }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/admin/login",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, written });
          req.destroy();
        },
      );
      req.on("error", (e) => (e.message.includes("socket hang up") ? undefined : reject(e)));
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      let written = 0;
      const pump = () => {
        // Up to 400 MiB, 16 KiB at a time, for as long as the server keeps reading.
        while (written < 400 * MiB && !req.destroyed) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
      };
      pump();
    });
    expect(status.status).toBe(413);
    expect(status.written).toBeLessThan(64 * MiB);
    const small = await fetch(`${server.url}/admin/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x", email: "a@b.example", password: "x" }).toString(),
    });
    // Parsed (the login form's CSRF check answers), not refused for its size.
    expect(small.status).toBe(403);
  });
});
