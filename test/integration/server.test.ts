import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { createContainer } from "../../src/app/container.ts";
import { prepareDatabase, startServer } from "../../src/app/lifecycle.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { spawnCli } from "../support/cli.ts";
import { freshDatabaseUrl, testEngines } from "../support/database.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ destination }) };
}

describe.each(testEngines())("the HTTP server on %s", (engine) => {
  let cleanup: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl(engine);
    url = fresh.url;
    cleanup = fresh.cleanup;
  });
  afterAll(() => cleanup());

  function container() {
    const dataDir = mkdtempSync(join(tmpdir(), "frontdesk-http-"));
    return createContainer(loadConfig({ DATABASE_URL: url, FRONTDESK_DATA_DIR: dataDir }), {
      logger: capture().logger,
    });
  }

  it("answers /healthz with 200 while the database answers, 503 when it does not", async () => {
    const c = container();
    await prepareDatabase(c, "auto");
    const { logger, lines } = capture();
    const app = createHttpApp({
      health: c.health,
      metrics: createMetrics(),
      logger,
      useCases: c.useCases,
    });
    const ok = await app.request("/healthz");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok", database: "ok" });

    await c.close();
    const down = await app.request("/healthz");
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "error", database: "unreachable" });
    expect(lines.join("")).toContain("database unreachable");
  });

  it("exposes Prometheus metrics with request durations by route pattern", async () => {
    const c = container();
    const app = createHttpApp({
      health: c.health,
      metrics: createMetrics(),
      logger: capture().logger,
      useCases: c.useCases,
      metricsAccess: { token: undefined, host: "127.0.0.1" },
    });
    await app.request("/healthz");
    await app.request("/no/such/path");
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const body = await res.text();
    expect(body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/,
    );
    expect(body).toMatch(/route="unmatched",status="404"/);
    expect(body).not.toContain("/no/such/path");
    expect(body).toContain("process_cpu_user_seconds_total");
    await c.close();
  });

  it("serves /metrics without a token only on loopback, and otherwise only with METRICS_TOKEN", async () => {
    const c = container();
    const app = (metricsAccess?: { token: string | undefined; host: string }) =>
      createHttpApp({
        health: c.health,
        metrics: createMetrics(),
        logger: capture().logger,
        useCases: c.useCases,
        ...(metricsAccess ? { metricsAccess } : {}),
      });
    const status = async (a: ReturnType<typeof app>, authorization?: string) =>
      (await a.request("/metrics", authorization ? { headers: { authorization } } : {})).status;

    for (const host of ["127.0.0.1", "::1"]) {
      expect(await status(app({ token: undefined, host }))).toBe(200);
    }
    // Listening on every interface (or a public one) without a token: closed.
    for (const host of ["0.0.0.0", "::", "10.0.0.7"]) {
      const open = app({ token: undefined, host });
      expect(await status(open)).toBe(401);
      expect(await status(open, "Bearer anything-at-all-12345")).toBe(401);
    }
    expect(await status(app())).toBe(401);

    const token = "metrics-token-0123456789";
    for (const host of ["0.0.0.0", "127.0.0.1"]) {
      const guarded = app({ token, host });
      expect(await status(guarded)).toBe(401);
      expect(await status(guarded, "Bearer wrong-token-0123456789")).toBe(401);
      expect(await status(guarded, token)).toBe(401);
      expect(await status(guarded, `Bearer ${token}`)).toBe(200);
    }
    const refused = await app({ token, host: "0.0.0.0" }).request("/metrics");
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect(await refused.text()).not.toContain("process_cpu");
    await c.close();
  });

  it("the server started from the configuration guards /metrics with METRICS_TOKEN", async () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
    const token = "metrics-token-0123456789";
    const dataDir = mkdtempSync(join(tmpdir(), "frontdesk-http-"));
    const guarded = createContainer(
      loadConfig({ DATABASE_URL: url, FRONTDESK_DATA_DIR: dataDir, METRICS_TOKEN: token }),
      { logger: capture().logger },
    );
    await prepareDatabase(guarded, "auto");
    const running = await startServer(guarded, { port: 0, host: "127.0.0.1", schedule: false });
    try {
      expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${running.url}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await running.close();
    }
    // Without a token, a server on loopback serves it.
    const open = container();
    await prepareDatabase(open, "auto");
    const local = await startServer(open, { port: 0, host: "127.0.0.1", schedule: false });
    try {
      expect((await fetch(`${local.url}/metrics`)).status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it("logs requests without credentials", async () => {
    const c = container();
    const { logger, lines } = capture();
    const app = createHttpApp({
      health: c.health,
      metrics: createMetrics(),
      logger,
      useCases: c.useCases,
    });
    await app.request("/healthz", {
      headers: {
        authorization: "Bearer cal_live_dontlogme",
        "x-retell-signature": "v=1,d=dontlogme",
      },
    });
    const log = lines.join("");
    expect(log).toContain('"url":"/healthz"');
    expect(log).not.toContain("dontlogme");
    await c.close();
  });

  it("shuts down gracefully: stops accepting, closes the database", async () => {
    const c = container();
    await prepareDatabase(c, "auto");
    const running = await startServer(c, { port: 0, host: "127.0.0.1" });
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    await running.close();
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    await expect(c.health.ping()).rejects.toThrow();
  });
});

describe.each(testEngines())("frontdesk serve as a real process on %s", (engine) => {
  it("migrates, serves /healthz and exits cleanly on SIGTERM", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "frontdesk-serve-"));
    const bin = resolve(import.meta.dirname, "../../bin/frontdesk.js");
    // SQLite: no configuration at all. PostgreSQL: `migrate` first, then `serve`, as documented.
    const fresh = engine === "postgres" ? await freshDatabaseUrl(engine) : null;
    const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
    if (fresh) {
      Object.assign(env, { DATABASE_URL: fresh.url, FRONTDESK_SECRET: "serve-test" });
      const migrated = await spawnCli(["migrate"], env);
      expect(migrated.stdout).toContain("applied: 0001-initial");
    }
    const child = spawn(process.execPath, [bin, "serve", "--port", "0"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    const listening = new Promise<string>((done, fail) => {
      child.stderr.on("data", (d) => {
        log += d;
        const m = /"url":"(http:\/\/[^"]+)"/.exec(log);
        if (m?.[1]) done(m[1]);
      });
      child.on("close", () => fail(new Error(`serve exited early:\n${log}`)));
    });
    try {
      const base = await listening;
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);

      const exited = new Promise<number | null>((done) => child.on("close", done));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(log).toContain('"msg":"stopped"');
      expect(log).toContain(`"database":"${engine}"`);
    } finally {
      child.kill("SIGKILL");
      await fresh?.cleanup();
    }
  });
});
