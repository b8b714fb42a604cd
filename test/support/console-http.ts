import Retell from "retell-sdk";
import { createHttpApp } from "../../src/http/app.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import type { ConsoleHarness } from "./console-app.ts";

export const retellTestKey = "key_retell_console_test";

/**
 * The console harness inside the whole HTTP app, as `serve` mounts it: the Retell webhooks (with
 * `retellApiKey`, or none) beside the console, so the test-call panel reaches them in-process.
 */
export function consoleWithWebhooks(h: ConsoleHarness, retellApiKey: string | undefined) {
  const http = createHttpApp({
    health: { ping: async () => {} },
    metrics: createMetrics(),
    logger: createLogger({ level: "silent" }),
    useCases: h.useCases,
    retellApiKey,
    clock: systemClock,
    console: {
      useCases: h.useCases,
      publicUrl: undefined,
      retellTools: () => [],
      logger: { error: (obj: unknown) => h.loggedErrors.push(obj), info: () => {} },
    },
  });
  /** A request as Retell sends it, signed by retell-sdk itself (the independent oracle). */
  const retell = async (path: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return http.request(path, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-retell-signature": await Retell.sign(body, retellApiKey ?? ""),
      },
    });
  };
  return { http, retell };
}
