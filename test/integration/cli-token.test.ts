import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { cli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";
import { companyInput, storeFor, testSecret } from "../support/fixtures.ts";

/** `frontdesk token create|list|revoke`, as an operator runs them. */
describe.each(testEngines())("the token CLI on %s", (engine) => {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-cli-token-"));
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let database: Database;
  let store: ReturnType<typeof storeFor>;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl(engine);
    cleanup = fresh.cleanup;
    env = { DATABASE_URL: fresh.url, FRONTDESK_SECRET: testSecret, FRONTDESK_DATA_DIR: dir };
    database = createDatabase(fresh.url);
    await migrateToLatest(database);
    store = storeFor(database);
    await store.companies.create(companyInput("tok-a"));
    await store.companies.create(companyInput("tok-b"));
  });
  afterAll(async () => {
    await database.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("create prints the secret once; list shows only its prefix; only the hash is stored", async () => {
    const made = await cli(
      ["token", "create", "--name", "onboarding", "--company", "tok-a", "--scope", "write"],
      env,
    );
    expect(made.code).toBe(0);
    const secret = /^(fd_c_[A-Za-z0-9_-]{43})$/m.exec(made.stdout)?.[1];
    expect(secret).toBeDefined();
    const list = await cli(["token", "list", "--company", "tok-a"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("onboarding");
    expect(list.stdout).toContain(secret!.slice(0, 12));
    expect(list.stdout).not.toContain(secret!);
    const rows = await database.db.selectFrom("api_token").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret!);
    // The other company and the platform have no tokens.
    expect((await cli(["token", "list", "--company", "tok-b"], env)).stdout).toContain("no tokens");
    expect((await cli(["token", "list"], env)).stdout).toContain("no tokens");
  });

  it("a platform token is made without --company; revoke stops it, a second revoke is an error", async () => {
    const made = await cli(["token", "create", "--name", "platform", "--json"], env);
    const token = JSON.parse(made.stdout);
    expect(token).toMatchObject({ companyId: null, scope: "read", name: "platform" });
    expect(token.secret).toMatch(/^fd_p_/);
    const revoked = await cli(["token", "revoke", token.id], env);
    expect(revoked).toMatchObject({ code: 0 });
    const live = await store.apiTokens.list(null);
    expect(live[0]!.revokedAt).not.toBeNull();
    const again = await cli(["token", "revoke", token.id], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("no live token");
  });

  it("cannot revoke another company's token by naming the wrong company", async () => {
    const made = JSON.parse(
      (await cli(["token", "create", "--name", "b", "--company", "tok-b", "--json"], env)).stdout,
    );
    const wrong = await cli(["token", "revoke", made.id, "--company", "tok-a"], env);
    expect(wrong.code).not.toBe(0);
    const [b] = await store.apiTokens.list(made.companyId);
    expect(b!.revokedAt).toBeNull();
  });

  it("a bad scope or expiry is a usage error naming the field", async () => {
    const scope = await cli(["token", "create", "--name", "x", "--scope", "admin"], env);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain("scope");
    const days = await cli(["token", "create", "--name", "x", "--expires-in-days", "-3"], env);
    expect(days.code).toBe(2);
    expect(days.stderr).toContain("expiresInDays");
  });
});
