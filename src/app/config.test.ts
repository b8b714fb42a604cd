import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("runs with no configuration: SQLite in ./data, port 3000, daily sync at 03:00", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: "sqlite:./data/frontdesk.db",
      port: 3000,
      dataDir: resolve("./data"),
      syncCron: "0 3 * * *",
      secret: undefined,
    });
  });

  it("keeps the data folder beside the SQLite file, and ./data for PostgreSQL", () => {
    expect(loadConfig({ DATABASE_URL: "sqlite:/var/lib/fd/db.sqlite" }).dataDir).toBe(
      "/var/lib/fd",
    );
    expect(loadConfig({ DATABASE_URL: "postgres://u@h/db" }).dataDir).toBe(resolve("./data"));
  });

  it("limits Cal.com to 120 requests a minute per API key unless CALCOM_RATE_LIMIT says more", () => {
    expect(loadConfig({}).calcomRateLimit).toBe(120);
    expect(loadConfig({ CALCOM_RATE_LIMIT: "600" }).calcomRateLimit).toBe(600);
    expect(() => loadConfig({ CALCOM_RATE_LIMIT: "0" })).toThrow(/CALCOM_RATE_LIMIT/);
  });

  it("reconciles bookings every ten minutes unless RECONCILE_CRON says otherwise", () => {
    expect(loadConfig({}).reconcileCron).toBe("*/10 * * * *");
    expect(loadConfig({ RECONCILE_CRON: "*/5 * * * *" }).reconcileCron).toBe("*/5 * * * *");
  });

  it("looks lost booking answers up every 15 s unless BOOKING_SETTLE_INTERVAL_MS says otherwise", () => {
    expect(loadConfig({}).bookingSettleIntervalMs).toBe(15_000);
    expect(loadConfig({ BOOKING_SETTLE_INTERVAL_MS: "200" }).bookingSettleIntervalMs).toBe(200);
    expect(() => loadConfig({ BOOKING_SETTLE_INTERVAL_MS: "5" })).toThrow(
      /BOOKING_SETTLE_INTERVAL_MS/,
    );
  });

  it("reads CALCOM_SIM_PORT for the demo's simulator (unset: the demo takes PORT+1)", () => {
    expect(loadConfig({}).calcomSimPort).toBeUndefined();
    expect(loadConfig({ CALCOM_SIM_PORT: "4010" }).calcomSimPort).toBe(4010);
    expect(loadConfig({ CALCOM_SIM_PORT: "0" }).calcomSimPort).toBe(0);
    expect(() => loadConfig({ CALCOM_SIM_PORT: "70000" })).toThrow(/CALCOM_SIM_PORT/);
  });

  it("asks Retell's API at https://api.retellai.com unless RETELL_API_BASE_URL says otherwise", () => {
    expect(loadConfig({}).retellApiBaseUrl).toBe("https://api.retellai.com");
    expect(loadConfig({ RETELL_API_BASE_URL: "http://127.0.0.1:4020" }).retellApiBaseUrl).toBe(
      "http://127.0.0.1:4020",
    );
    expect(() => loadConfig({ RETELL_API_BASE_URL: "api.retellai.com" })).toThrow(
      /RETELL_API_BASE_URL/,
    );
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x", PORT: "http" })).toThrow(
      /DATABASE_URL: must start with sqlite: or postgres:\/\/[\s\S]*PORT/,
    );
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", FRONTDESK_SECRET: "" })).toMatchObject({
      port: 3000,
      secret: undefined,
    });
  });
});
