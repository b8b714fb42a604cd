import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

describe.each(testEngines())("console login and sessions on %s", (engine) => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await buildConsole(engine);
  });
  afterAll(() => h.close());

  const sessionCount = async () =>
    Number(
      (
        await h.database.db
          .selectFrom("session")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("sends a visitor without a session to the login page, and back after logging in", async () => {
    const client = consoleClient(h.http);
    const target = `/admin/companies/${h.salon.id}/mappings?status=suggested`;
    const res = await client.request("GET", target);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/login?next=${encodeURIComponent(target)}`);

    const login = await client.page(res.headers.get("location")!);
    expect(login.status).toBe(200);
    expect(login.html).toContain('name="_csrf"');
    const post = await client.request("POST", "/admin/login", {
      form: { _csrf: client.csrf, email: logins.salon, password: consolePassword, next: target },
    });
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toBe(target);
    expect((await client.page(target)).status).toBe(200);
  });

  it("never redirects a login to another site", async () => {
    const client = consoleClient(h.http);
    await client.page("/admin/login");
    for (const next of ["https://evil.example/", "//evil.example/admin/", "/admin\\@evil"]) {
      const post = await client.request("POST", "/admin/login", {
        form: { _csrf: client.csrf, email: logins.salon, password: consolePassword, next },
      });
      expect(post.headers.get("location")).toBe("/admin");
    }
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, path /, and stores only its hash", async () => {
    const client = consoleClient(h.http);
    await client.page("/admin/login");
    const res = await client.request("POST", "/admin/login", {
      form: { _csrf: client.csrf, email: logins.platform, password: consolePassword },
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("fd_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const token = client.jar.get("fd_session")!;
    const rows = await h.database.db.selectFrom("session").select("id_hash").execute();
    expect(rows.some((r) => r.id_hash === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("marks the cookie Secure (with the __Host- prefix) behind HTTPS", async () => {
    // A TLS-terminating proxy says so in X-Forwarded-Proto.
    const behindProxy = consoleClient(h.http, "http://console.test", {
      "x-forwarded-proto": "https",
    });
    await behindProxy.login(logins.platform, consolePassword);
    expect([...behindProxy.jar.keys()]).toContain("__Host-fd_session");
    expect((await behindProxy.page(`/admin/companies/${h.salon.id}/services`)).status).toBe(200);

    const https = consoleClient(h.http, "https://console.test");
    await https.page("/admin/login");
    const res = await https.request("POST", "/admin/login", {
      form: { _csrf: https.csrf, email: logins.platform, password: consolePassword },
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-fd_session="))!;
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect((await https.page(`/admin/companies/${h.salon.id}/services`)).status).toBe(200);
  });

  it("refuses a login post without the form's CSRF token", async () => {
    const client = consoleClient(h.http);
    await client.page("/admin/login");
    const res = await client.request("POST", "/admin/login", {
      form: { _csrf: "forged", email: logins.platform, password: consolePassword },
    });
    expect(res.status).toBe(403);
    expect(client.jar.has("fd_session")).toBe(false);
  });

  it("locks an address for 15 minutes after five failures, known or not, and says the same for both", async () => {
    for (const email of ["inhaber@salon-beispiel.de", "nobody@nowhere.example"]) {
      const client = consoleClient(h.http);
      await client.page("/admin/login");
      const attempt = (password: string) =>
        client.request("POST", "/admin/login", { form: { _csrf: client.csrf, email, password } });
      for (let i = 1; i <= 4; i++) {
        const res = await attempt(`wrong-${i}`);
        expect(res.status).toBe(401);
        expect(await res.text()).toContain("Email or password is wrong.");
      }
      const fifth = await attempt("wrong-5");
      expect(fifth.status).toBe(429);
      expect(await fifth.text()).toContain("Try again in 15 minutes");
      // Locked: even the right password does not get in now.
      const right = await attempt(consolePassword);
      expect(right.status).toBe(429);
      expect(client.jar.has("fd_session")).toBe(false);
    }
    // Case and spaces do not make a new address.
    const other = consoleClient(h.http);
    await other.page("/admin/login");
    const res = await other.request("POST", "/admin/login", {
      form: { _csrf: other.csrf, email: "  INHABER@salon-beispiel.de ", password: consolePassword },
    });
    expect(res.status).toBe(429);
  });

  it("lets the lock run out and clears the count on success", async () => {
    await h.database.db
      .updateTable("login_attempt")
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where("email_key", "=", logins.salon)
      .execute();
    const client = consoleClient(h.http);
    const res = await client.login(logins.salon, consolePassword);
    expect(res.status).toBe(303);
    const left = await h.database.db
      .selectFrom("login_attempt")
      .select("email_key")
      .where("email_key", "=", logins.salon)
      .execute();
    expect(left).toEqual([]);
  });

  it("needs the session's CSRF token on every post, as a field or the htmx header", async () => {
    const client = consoleClient(h.http);
    await client.login(logins.platform, consolePassword);
    await client.page(`/admin/companies/${h.salon.id}/settings`);
    const before = await h.store.companies.findById(h.salon.id);
    const forged = await client.post(`/admin/companies/${h.salon.id}/settings/matching`, {
      _csrf: "forged",
      autoThreshold: "95",
      suggestThreshold: "70",
    });
    expect(forged.status).toBe(403);
    const missing = await client.request(
      "POST",
      `/admin/companies/${h.salon.id}/settings/matching`,
      {
        form: { autoThreshold: "95", suggestThreshold: "70" },
      },
    );
    expect(missing.status).toBe(403);
    expect((await h.store.companies.findById(h.salon.id))!.thresholds).toEqual(before!.thresholds);

    const viaHeader = await client.request(
      "POST",
      `/admin/companies/${h.salon.id}/settings/matching`,
      {
        form: { autoThreshold: "95", suggestThreshold: "70" },
        headers: { "x-csrf-token": client.csrf },
      },
    );
    expect(viaHeader.status).toBe(303);
    expect((await h.store.companies.findById(h.salon.id))!.thresholds).toEqual({
      auto: 95,
      suggest: 70,
    });
  });

  it("logs out: the session row is gone and the old cookie opens nothing", async () => {
    const client = consoleClient(h.http);
    await client.login(logins.platform, consolePassword);
    await client.page("/admin/companies");
    const token = client.jar.get("fd_session")!;
    const sessions = await sessionCount();
    const out = await client.post("/admin/logout");
    expect(out.status).toBe(303);
    expect(out.res.headers.get("location")).toBe("/admin/login?out");
    expect(await sessionCount()).toBe(sessions - 1);
    const replay = await h.http.request("http://console.test/admin/companies", {
      headers: { cookie: `fd_session=${token}` },
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toMatch(/^\/admin\/login/);
  });

  it("answers an htmx request without a session with HX-Redirect to the login", async () => {
    const res = await h.http.request(
      `http://console.test/admin/companies/${h.salon.id}/syncs/status`,
      {
        headers: { "hx-request": "true" },
      },
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("hx-redirect")).toBe("/admin/login?expired");
  });

  it("sends each role to its start page and sets the security headers", async () => {
    const owner = consoleClient(h.http);
    await owner.login(logins.salon, consolePassword);
    const home = await owner.request("GET", "/admin");
    // A company admin's start page is the company's dashboard (it was the services list).
    expect(home.headers.get("location")).toBe(`/admin/companies/${h.salon.id}`);
    expect((await owner.request("GET", "/admin/companies")).headers.get("location")).toBe(
      `/admin/companies/${h.salon.id}`,
    );

    const admin = consoleClient(h.http);
    await admin.login(logins.platform, consolePassword);
    expect((await admin.request("GET", "/admin")).headers.get("location")).toBe("/admin/companies");
    const companies = await admin.page("/admin/companies");
    expect(companies.html).toContain("Salon Beispiel");
    expect(companies.html).toContain("Bright Smiles Dental");
    const csp = companies.res.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(companies.res.headers.get("cache-control")).toBe("no-store");
  });

  it("serves its styles, script and htmx locally", async () => {
    for (const [name, type] of [
      ["console.css", "text/css"],
      ["console.js", "text/javascript"],
      ["htmx.min.js", "text/javascript"],
    ] as const) {
      const res = await h.http.request(`http://console.test/admin/assets/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      const etag = res.headers.get("etag")!;
      const again = await h.http.request(`http://console.test/admin/assets/${name}`, {
        headers: { "if-none-match": etag },
      });
      expect(again.status).toBe(304);
    }
    expect(
      await (await h.http.request("http://console.test/admin/assets/htmx.min.js")).text(),
    ).toContain("htmx");
  });

  it("speaks the user's choice, else the browser's language, else the company's", async () => {
    const client = consoleClient(h.http);
    await client.login(logins.platform, consolePassword);
    const services = `/admin/companies/${h.bright.id}/services`;
    // No choice, no Accept-Language: Bright Smiles' default (English); Salon's is German.
    expect((await client.page(services)).html).toContain('<html lang="en"');
    expect((await client.page(`/admin/companies/${h.salon.id}/services`)).html).toContain(
      '<html lang="de"',
    );
    expect(
      (await client.page(services, { "accept-language": "de-CH,de;q=0.9,en;q=0.5" })).html,
    ).toContain("Leistungen");
    // The user's choice wins over both, and is stored on the login.
    const chosen = await client.post("/admin/locale", { locale: "de", back: services });
    expect(chosen.res.headers.get("location")).toBe(services);
    const page = await client.page(services, { "accept-language": "en" });
    expect(page.html).toContain('<html lang="de"');
    expect(page.html).toContain("Leistungen");
    const row = await h.database.db
      .selectFrom("app_user")
      .select("locale")
      .where("email", "=", logins.platform)
      .executeTakeFirstOrThrow();
    expect(row.locale).toBe("de");
    await client.post("/admin/locale", { locale: "en", back: "https://evil.example/" });
    expect((await client.page(services)).html).toContain("Services");
  });
});
