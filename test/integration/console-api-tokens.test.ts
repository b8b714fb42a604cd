import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
/** The API tokens section of the settings page. */
const tokensPanel = (html: string) =>
  /<section[^>]*id="settings-api-tokens"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
const secretOf = (html: string) =>
  /id="api-token-secret"[^>]*>(fd_[pc]_[A-Za-z0-9_-]{43})</.exec(html)?.[1];

describe.each(testEngines())("console API tokens on %s", (engine) => {
  let h: ConsoleHarness;
  let owner: ConsoleClient;
  let ownerDe: ConsoleClient;
  let platform: ConsoleClient;
  let salonBase: string;
  let brightBase: string;
  const owns = (companyId: string | null) => h.store.apiTokens.list(companyId);

  beforeAll(async () => {
    h = await buildConsole(engine);
    salonBase = `/admin/companies/${h.salon.id}`;
    brightBase = `/admin/companies/${h.bright.id}`;
    owner = consoleClient(h.http, undefined, en);
    await owner.login(logins.salon, consolePassword);
    ownerDe = consoleClient(h.http, undefined, de);
    await ownerDe.login(logins.salon, consolePassword);
    platform = consoleClient(h.http, undefined, en);
    await platform.login(logins.platform, consolePassword);
  });
  afterAll(() => h.close());

  it("creating shows the secret once, it works against the API, and no later page shows it", async () => {
    const settings = await owner.page(`${salonBase}/settings`);
    expect(settings.status).toBe(200);
    expect(tokensPanel(settings.html)).toContain("API tokens");
    expect(tokensPanel(settings.html)).toContain(`action="${salonBase}/settings/api-tokens"`);

    const made = await owner.post(`${salonBase}/settings/api-tokens`, {
      name: "Reporting",
      scope: "write",
      expiresInDays: "30",
    });
    expect(made.status).toBe(200);
    expect(made.res.headers.get("cache-control")).toBe("no-store");
    expect(made.html).toContain("it is not shown again");
    const secret = secretOf(made.html);
    expect(secret).toMatch(/^fd_c_/);

    const token = await h.useCases.api.authenticateApiToken(secret!);
    expect(token).toMatchObject({ companyId: h.salon.id, name: "Reporting", scope: "write" });

    const again = await owner.page(`${salonBase}/settings`);
    const panel = tokensPanel(again.html);
    expect(panel).toContain("Reporting");
    expect(panel).toContain(`${token!.prefix}…`);
    expect(panel).toContain("Read and write");
    expect(again.html).not.toContain(secret!);
    expect(again.html).not.toContain(secret!.slice(12));
    // Nor to the platform admin looking at the same company.
    expect((await platform.page(`${salonBase}/settings`)).html).not.toContain(secret!);
  });

  it("0 days means never; revoking asks first, then the secret stops working", async () => {
    const made = await owner.post(`${salonBase}/settings/api-tokens`, {
      name: "Forever",
      scope: "read",
      expiresInDays: "0",
    });
    const secret = secretOf(made.html)!;
    const token = (await h.useCases.api.authenticateApiToken(secret))!;
    expect(token.expiresAt).toBeNull();
    expect(tokensPanel((await owner.page(`${salonBase}/settings`)).html)).toContain(
      `${salonBase}/settings/api-tokens/${token.id}/revoke`,
    );

    const revokePath = `${salonBase}/settings/api-tokens/${token.id}/revoke`;
    const ask = await owner.page(revokePath);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain("Revoke the token “Forever”?");
    // A post without the confirmation only asks again.
    const unconfirmed = await owner.post(revokePath);
    expect(unconfirmed.status).toBe(200);
    expect(await h.useCases.api.authenticateApiToken(secret)).not.toBeNull();

    const done = await owner.post(revokePath, { confirm: "yes" });
    expect(done.status).toBe(303);
    expect(await h.useCases.api.authenticateApiToken(secret)).toBeNull();
    const panel = tokensPanel((await owner.page(`${salonBase}/settings`)).html);
    expect(panel).toContain("revoked");
    expect(panel).not.toContain(revokePath);
    // Revoking twice: not found.
    expect((await owner.post(revokePath, { confirm: "yes" })).status).toBe(404);
  });

  it("the salon admin can neither see nor revoke bright's tokens", async () => {
    const { token, secret } = await h.useCases.api.createApiToken(
      { type: "user", user: h.users.bright },
      { companyId: h.bright.id, name: "Bright sync", scope: "read", expiresInDays: 365 },
    );
    await owner.page(`${salonBase}/settings`);
    const under = `${salonBase}/settings/api-tokens/${token.id}/revoke`;
    expect((await owner.page(under)).status).toBe(404);
    expect((await owner.post(under, { confirm: "yes" })).status).toBe(404);
    expect(
      (await owner.post(`${brightBase}/settings/api-tokens/${token.id}/revoke`, { confirm: "yes" }))
        .status,
    ).toBe(404);
    expect(await h.useCases.api.authenticateApiToken(secret)).not.toBeNull();

    expect((await owner.page(`${brightBase}/settings`)).status).toBe(404);
    expect(tokensPanel((await owner.page(`${salonBase}/settings`)).html)).not.toContain(
      "Bright sync",
    );
  });

  it("bad input shows the form error in the page's language and creates nothing", async () => {
    const before = (await owns(h.salon.id)).length;
    for (const form of [
      { name: "  ", scope: "read", expiresInDays: "365" },
      { name: "Admin", scope: "admin", expiresInDays: "365" },
      { name: "Past", scope: "read", expiresInDays: "-1" },
    ]) {
      const english = await owner.post(`${salonBase}/settings/api-tokens`, form);
      expect(english.status).toBe(422);
      expect(tokensPanel(english.html)).toContain("Please check your input:");
      expect(secretOf(english.html)).toBeUndefined();
      await ownerDe.page(`${salonBase}/settings`);
      const german = await ownerDe.post(`${salonBase}/settings/api-tokens`, form);
      expect(german.status).toBe(422);
      expect(tokensPanel(german.html)).toContain("Bitte prüfen Sie Ihre Eingaben:");
    }
    const past = await owner.post(`${salonBase}/settings/api-tokens`, {
      name: "Past",
      scope: "read",
      expiresInDays: "-1",
    });
    expect(tokensPanel(past.html)).toContain("Valid for (days)");
    expect(tokensPanel(past.html)).toContain('value="-1"');
    expect((await owns(h.salon.id)).length).toBe(before);
  });

  it("a hostile name is escaped in the list", async () => {
    const name = `<script>alert("x")</script>`;
    const made = await owner.post(`${salonBase}/settings/api-tokens`, {
      name,
      scope: "read",
      expiresInDays: "1",
    });
    expect(made.status).toBe(200);
    expect(made.html).not.toContain(name);
    const page = await owner.page(`${salonBase}/settings`);
    expect(page.html).not.toContain(name);
    expect(tokensPanel(page.html)).toContain("&lt;script&gt;");
  });

  it("a platform admin manages the platform's tokens on their own page; a company admin gets 404", async () => {
    expect((await platform.page(`${salonBase}/settings`)).html).toContain(
      'href="/admin/api-tokens"',
    );
    expect((await owner.page(`${salonBase}/settings`)).html).not.toContain(
      'href="/admin/api-tokens"',
    );
    const list = await platform.page("/admin/api-tokens");
    expect(list.status).toBe(200);
    // A form without the session's CSRF token is refused and creates nothing.
    const forged = await platform.post("/admin/api-tokens", {
      _csrf: "forged",
      name: "Forged",
      scope: "write",
    });
    expect(forged.status).toBe(403);
    expect(await owns(null)).toEqual([]);
    expect(list.html).toContain("Platform API tokens");
    const made = await platform.post("/admin/api-tokens", {
      name: "Ops",
      scope: "read",
      expiresInDays: "365",
    });
    expect(made.status).toBe(200);
    const secret = secretOf(made.html)!;
    expect(secret).toMatch(/^fd_p_/);
    const token = (await h.useCases.api.authenticateApiToken(secret))!;
    expect(token.companyId).toBeNull();
    const again = await platform.page("/admin/api-tokens");
    expect(again.html).toContain("Ops");
    expect(again.html).not.toContain(secret);

    expect((await owner.page("/admin/api-tokens")).status).toBe(404);
    expect((await owner.page(`/admin/api-tokens/${token.id}/revoke`)).status).toBe(404);
    await owner.page(`${salonBase}/settings`);
    const sneak = await owner.post("/admin/api-tokens", { name: "Mine", scope: "write" });
    expect(sneak.status).toBe(404);
    expect(
      (await owner.post(`/admin/api-tokens/${token.id}/revoke`, { confirm: "yes" })).status,
    ).toBe(404);
    expect((await owns(null)).map((t) => t.name)).toEqual(["Ops"]);
    expect(await h.useCases.api.authenticateApiToken(secret)).not.toBeNull();

    const bad = await platform.post("/admin/api-tokens", { name: "", scope: "read" });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Please check your input:");

    await platform.page(`/admin/api-tokens/${token.id}/revoke`);
    expect(
      (await platform.post(`/admin/api-tokens/${token.id}/revoke`, { confirm: "yes" })).status,
    ).toBe(303);
    expect(await h.useCases.api.authenticateApiToken(secret)).toBeNull();
  });
});
