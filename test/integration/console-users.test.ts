import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeInviteUser } from "../../src/features/auth/invite-user.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createNotifier } from "../../src/platform/notifier.ts";
import {
  buildConsole,
  type ConsoleHarness,
  consolePassword,
  logins,
} from "../support/console-app.ts";
import { consoleClient } from "../support/console-client.ts";
import { testEngines } from "../support/database.ts";

const sha256 = (token: string) => createHash("sha256").update(token).digest("base64url");
const newPassword = "a-new-password-42";

describe.each(testEngines())("console users on %s", (engine) => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await buildConsole(engine);
  });
  afterAll(() => h.close());

  const count = async (table: "user_token" | "user_audit" | "app_user" | "session") =>
    Number(
      (
        await h.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function admin() {
    const client = consoleClient(h.http);
    expect((await client.login(logins.platform, consolePassword)).status).toBe(303);
    await client.page("/admin/users");
    return client;
  }

  /** Invites `email` to the salon and returns the token of the link shown. */
  async function invite(email: string) {
    const client = await admin();
    const res = await client.post("/admin/users/invite", { email, companyId: h.salon.id });
    expect(res.status).toBe(200);
    const token = /\/admin\/invite\/([A-Za-z0-9_-]{43})/.exec(res.html)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  async function accept(token: string, password = newPassword, kind = "invite") {
    const client = consoleClient(h.http);
    const page = await client.page(`/admin/${kind}/${token}`);
    const res = await client.post(`/admin/${kind}/${token}`, { password, repeat: password });
    return { client, page, res };
  }

  async function userId(email: string) {
    const row = await h.database.db
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it("lists users with role, company and status, linked from the header and to the lockouts", async () => {
    const client = await admin();
    const { status, html } = await client.page("/admin/users");
    expect(status).toBe(200);
    for (const email of Object.values(logins)) expect(html).toContain(email);
    expect(html).toContain(h.salon.name);
    expect(html).toContain('href="/admin/lockouts"');
    expect((await client.page("/admin/companies")).html).toContain('href="/admin/users"');
  });

  it("invite → accept → login; the link works once and only its hash is stored", async () => {
    const email = "new.admin@salon-beispiel.test";
    const token = await invite(`  New.Admin@Salon-Beispiel.test `);
    const stored = await h.database.db
      .selectFrom("user_token")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(stored.id_hash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const lifetime = new Date(stored.expires_at).getTime() - new Date(stored.created_at).getTime();
    expect(lifetime).toBe(7 * 24 * 60 * 60_000);

    const { client, page, res } = await accept(token);
    expect(page.status).toBe(200);
    expect(page.html).toContain(email);
    expect(res.status).toBe(303);
    // Logged in as the new company admin: straight to their company.
    const home = await client.request("GET", "/admin");
    expect(home.headers.get("location")).toContain(`/admin/companies/${h.salon.id}`);

    // Used once: opening or posting it again is refused, and nothing more is created.
    expect((await consoleClient(h.http).page(`/admin/invite/${token}`)).status).toBe(404);
    const users = await count("app_user");
    expect((await accept(token, "another-password-1")).res.status).toBe(404);
    expect(await count("app_user")).toBe(users);

    const login = consoleClient(h.http);
    expect((await login.login(email, newPassword)).status).toBe(303);
    const audit = await h.database.db
      .selectFrom("user_audit")
      .selectAll()
      .where("target_email", "=", email)
      .orderBy("at")
      .execute();
    expect(audit.map((a) => [a.action, a.actor_email])).toEqual([
      ["invite", logins.platform],
      ["accept_invite", email],
    ]);
  });

  it("of two parallel uses of one link exactly one succeeds", async () => {
    const token = await invite("race@salon-beispiel.test");
    const a = consoleClient(h.http);
    const b = consoleClient(h.http);
    await Promise.all([a.page(`/admin/invite/${token}`), b.page(`/admin/invite/${token}`)]);
    const results = await Promise.all(
      [a, b].map((c) =>
        c.post(`/admin/invite/${token}`, { password: newPassword, repeat: newPassword }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 404]);
  });

  it("refuses an expired link, and a bad password form without using the link", async () => {
    const token = await invite("late@salon-beispiel.test");
    const client = consoleClient(h.http);
    await client.page(`/admin/invite/${token}`);
    expect(
      (await client.post(`/admin/invite/${token}`, { password: "short", repeat: "short" })).status,
    ).toBe(400);
    expect(
      (
        await client.post(`/admin/invite/${token}`, {
          password: newPassword,
          repeat: "other-one-123",
        })
      ).status,
    ).toBe(400);
    const long = "x".repeat(1025);
    expect(
      (await client.post(`/admin/invite/${token}`, { password: long, repeat: long })).status,
    ).toBe(400);
    expect(
      (
        await client.post(`/admin/invite/${token}`, {
          _csrf: "forged",
          password: newPassword,
          repeat: newPassword,
        })
      ).status,
    ).toBe(403);
    expect(await h.store.users.findByEmail("late@salon-beispiel.test")).toBeNull();

    await h.database.db
      .updateTable("user_token")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id_hash", "=", sha256(token))
      .execute();
    const expired = await accept(token);
    expect(expired.page.status).toBe(404);
    expect(expired.res.status).toBe(404);
    expect(await h.store.users.findByEmail("late@salon-beispiel.test")).toBeNull();
  });

  it("reset: a one-hour link sets a new password, ends old sessions and works once", async () => {
    const email = "reset.me@salon-beispiel.test";
    await accept(await invite(email));
    const old = consoleClient(h.http);
    expect((await old.login(email, newPassword)).status).toBe(303);

    const client = await admin();
    const id = await userId(email);
    const made = await client.post(`/admin/users/${id}/reset`);
    expect(made.status).toBe(200);
    const token = /\/admin\/reset\/([A-Za-z0-9_-]{43})/.exec(made.html)?.[1];
    expect(token).toBeDefined();
    const row = await h.database.db
      .selectFrom("user_token")
      .selectAll()
      .where("id_hash", "=", sha256(token!))
      .executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(3_600_000);
    // A reset link is not an invite link.
    expect((await consoleClient(h.http).page(`/admin/invite/${token}`)).status).toBe(404);

    const reset = await accept(token!, "the-reset-password-9", "reset");
    expect(reset.res.status).toBe(303);
    expect((await old.request("GET", "/admin/companies")).status).toBe(303);
    expect((await old.request("GET", "/admin/companies")).headers.get("location")).toContain(
      "/admin/login",
    );
    expect((await consoleClient(h.http).login(email, newPassword)).status).toBe(401);
    expect((await consoleClient(h.http).login(email, "the-reset-password-9")).status).toBe(303);
    expect((await accept(token!, "yet-another-pass-1", "reset")).res.status).toBe(404);
  });

  it("disable asks first, ends sessions at once, and the login fails like a wrong password", async () => {
    const email = "leaver@salon-beispiel.test";
    await accept(await invite(email));
    const session = consoleClient(h.http);
    expect((await session.login(email, newPassword)).status).toBe(303);
    const id = await userId(email);

    const client = await admin();
    const ask = await client.page(`/admin/users/${id}/disable`);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain(`action="/admin/users/${id}/disable"`);
    expect(await h.store.users.findManaged(id)).toMatchObject({ disabledAt: null });
    expect((await client.post(`/admin/users/${id}/disable`)).status).toBe(303);
    const sessions = await h.database.db
      .selectFrom("session")
      .select("id_hash")
      .where("user_id", "=", id)
      .execute();
    expect(sessions).toEqual([]);
    expect((await session.request("GET", "/admin/companies")).headers.get("location")).toContain(
      "/admin/login",
    );

    const right = consoleClient(h.http);
    await right.page("/admin/login");
    const refused = await right.post("/admin/login", { email, password: newPassword });
    const wrong = consoleClient(h.http);
    await wrong.page("/admin/login");
    const wrongPw = await wrong.post("/admin/login", { email, password: "not-the-password" });
    expect(refused.status).toBe(401);
    expect(wrongPw.status).toBe(401);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, "");
    expect(strip(refused.html)).toBe(strip(wrongPw.html));
    // No reset link for a disabled user (it would log them in).
    expect((await client.post(`/admin/users/${id}/reset`)).status).toBe(400);

    expect((await client.page(`/admin/users/${id}/enable`)).status).toBe(200);
    expect((await client.post(`/admin/users/${id}/enable`)).status).toBe(303);
    expect((await consoleClient(h.http).login(email, newPassword)).status).toBe(303);
    const actions = await h.database.db
      .selectFrom("user_audit")
      .select("action")
      .where("target_email", "=", email)
      .where("action", "in", ["disable", "enable"])
      .orderBy("at")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["disable", "enable"]);
  });

  it("a session that outlived the disabling (a login racing it) opens nothing", async () => {
    const email = "racer@salon-beispiel.test";
    await accept(await invite(email));
    const session = consoleClient(h.http);
    expect((await session.login(email, newPassword)).status).toBe(303);
    // Marked disabled without its sessions being deleted: as if a login finished in between.
    await h.store.users.setDisabled(await userId(email), new Date().toISOString());
    expect((await session.request("GET", "/admin/companies")).headers.get("location")).toContain(
      "/admin/login",
    );
    const viewer = await h.useCases.auth.authenticate(session.jar.get("fd_session") ?? "");
    expect(viewer).toBeNull();
  });

  it("a platform admin cannot disable themselves", async () => {
    const client = await admin();
    expect((await client.post(`/admin/users/${h.users.platform.id}/disable`)).status).toBe(400);
    expect((await client.page(`/admin/users/${h.users.platform.id}/disable`)).status).toBe(404);
    expect((await consoleClient(h.http).login(logins.platform, consolePassword)).status).toBe(303);
  });

  it("to a company admin every users page is a 404, and nothing is written", async () => {
    const salon = consoleClient(h.http);
    expect((await salon.login(logins.salon, consolePassword)).status).toBe(303);
    const page = await salon.page(`/admin/companies/${h.salon.id}/services`);
    expect(page.html).not.toContain('href="/admin/users"');
    const before = [await count("user_token"), await count("user_audit"), await count("app_user")];
    const target = h.users.bright.id;
    for (const path of [
      "/admin/users",
      `/admin/users/${target}/disable`,
      `/admin/users/${target}/enable`,
    ])
      expect((await salon.page(path)).status, path).toBe(404);
    // The page's CSRF token is the session's, so these are well-formed posts.
    await salon.page(`/admin/companies/${h.salon.id}/services`);
    for (const [path, form] of [
      ["/admin/users/invite", { email: "sneaky@x.test", companyId: h.salon.id }],
      [`/admin/users/${target}/reset`, {}],
      [`/admin/users/${target}/disable`, {}],
      [`/admin/users/${target}/enable`, {}],
    ] as const)
      expect((await salon.post(path, form)).status, path).toBe(404);
    expect([await count("user_token"), await count("user_audit"), await count("app_user")]).toEqual(
      before,
    );
    expect((await consoleClient(h.http).login(logins.bright, consolePassword)).status).toBe(303);
  });

  it("hostile input gets a clear 4xx and writes nothing", async () => {
    const client = await admin();
    const before = [await count("user_token"), await count("user_audit"), await count("app_user")];
    const forms: Record<string, string>[] = [
      {},
      { email: "not-an-email", companyId: h.salon.id },
      { email: `${"a".repeat(250)}@x.test`, companyId: h.salon.id },
      { email: "ok@x.test", companyId: "" },
      { email: "ok@x.test", companyId: "no-such-company" },
      { email: "ok@x.test", companyId: "c".repeat(10_000) },
      { email: logins.bright, companyId: h.salon.id },
      { email: "   ", companyId: h.salon.id },
      { email: "<script>alert(1)</script>@x.test", companyId: h.salon.id },
    ];
    for (const form of forms) {
      const res = await client.post("/admin/users/invite", form);
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(400);
      expect(res.html).not.toContain("<script>alert(1)");
    }
    for (const verb of ["reset", "disable", "enable"]) {
      expect((await client.post(`/admin/users/no-such-user/${verb}`)).status).toBe(404);
      expect((await client.post(`/admin/users/${"u".repeat(5000)}/${verb}`)).status).toBe(404);
    }
    expect((await client.page("/admin/users/no-such-user/disable")).status).toBe(404);
    expect(
      (
        await client.post("/admin/users/invite", {
          _csrf: "forged",
          email: "ok@x.test",
          companyId: h.salon.id,
        })
      ).status,
    ).toBe(403);
    for (const token of ["x", "a".repeat(43), "a".repeat(2000), "..%2F..%2Fetc", "%E2%80%AE"]) {
      expect((await consoleClient(h.http).page(`/admin/invite/${token}`)).status).toBe(404);
      expect((await consoleClient(h.http).page(`/admin/reset/${token}`)).status).toBe(404);
      const anon = consoleClient(h.http);
      await anon.page("/admin/login");
      expect(
        (await anon.post(`/admin/invite/${token}`, { password: newPassword, repeat: newPassword }))
          .status,
      ).toBe(404);
    }
    expect([await count("user_token"), await count("user_audit"), await count("app_user")]).toEqual(
      before,
    );
  });

  it("mails the invite link to a real local SMTP server", async () => {
    const mails: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      hideSTARTTLS: true,
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.server.address() as AddressInfo;
      const logger = createLogger({ level: "silent" });
      const notifier = createNotifier({ smtpUrl: `smtp://127.0.0.1:${port}`, logger });
      const inviteUser = makeInviteUser({
        ...h.store,
        clock: systemClock,
        newId,
        notify: notifier.send,
      });
      const made = await inviteUser(
        h.users.platform,
        { email: "mailed@salon-beispiel.test", companyId: h.salon.id },
        "https://frontdesk.example/admin/invite/",
      );
      expect(made.mailed).toBe(true);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toEqual(["mailed@salon-beispiel.test"]);
      // Undo quoted-printable soft breaks and base64 before looking for the link.
      const raw = mails[0]!.raw;
      const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
      const text = /base64/i.test(raw.slice(0, raw.indexOf("\r\n\r\n")))
        ? Buffer.from(body, "base64").toString("utf8")
        : body.replace(/=\r\n/g, "").replace(/=3D/g, "=");
      expect(text).toContain(made.link);
      const token = made.link.split("/").pop()!;
      expect((await accept(token)).res.status).toBe(303);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
