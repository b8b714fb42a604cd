import { createServer } from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { createNotifier, type Notification } from "./notifier.ts";
import { OutboundRefusedError, type SafePostOptions } from "./safe-http.ts";

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger({ destination }),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => lines.join(""),
  };
}

/** A local port nobody listens on: taken from the OS, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const notification = (overrides: Partial<Notification> = {}): Notification => ({
  emailTo: ["ops@example.test"],
  webhookUrls: [],
  subject: "Sync failed",
  text: "It failed.",
  json: { event: "sync_failed" },
  ...overrides,
});

describe("notifier", () => {
  it("skips email without SMTP_URL and without recipients, and sends no webhook without URLs", async () => {
    const log = capturedLogger();
    const noSmtp = createNotifier({ logger: log.logger });
    expect(await noSmtp.send(notification())).toEqual({ email: "skipped", webhooks: [] });

    // A mail server that is down would make an attempt fail: skipped means none was made.
    const withSmtp = createNotifier({
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      logger: log.logger,
    });
    expect(await withSmtp.send(notification({ emailTo: [] }))).toEqual({
      email: "skipped",
      webhooks: [],
    });
    expect(log.entries()).toEqual([]);
  });

  it("posts the JSON body to every webhook URL", async () => {
    const requests: { url: string; init: SafePostOptions }[] = [];
    const notifier = createNotifier({
      logger: capturedLogger().logger,
      post: async (url, init) => {
        requests.push({ url, init });
        return { status: 204 };
      },
    });
    const outcome = await notifier.send(
      notification({
        webhookUrls: ["https://hooks.example.test/a", "https://hooks.example.test/b"],
        json: { event: "sync_failed", company: { name: "Salon Beispiel" } },
      }),
    );
    expect(outcome).toEqual({ email: "skipped", webhooks: ["sent", "sent"] });
    expect(requests.map((r) => r.url)).toEqual([
      "https://hooks.example.test/a",
      "https://hooks.example.test/b",
    ]);
    expect(requests[0]?.init.headers?.["content-type"]).toBe("application/json");
    expect(requests[0]?.init.timeoutMs).toBe(5_000);
    expect(JSON.parse(String(requests[0]?.init?.body))).toEqual({
      event: "sync_failed",
      company: { name: "Salon Beispiel" },
    });
  });

  it("reports a webhook that answers with an error, fails to connect or times out, and never throws", async () => {
    const log = capturedLogger();
    const notifier = createNotifier({
      logger: log.logger,
      timeoutMs: 50,
      post: async (url, init) => {
        if (url.endsWith("/refuses")) return { status: 500 };
        if (url.endsWith("/unreachable")) {
          throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
        }
        // Hangs until its deadline, as safePost does.
        return new Promise((_resolve, reject) => {
          setTimeout(() => reject(new OutboundRefusedError("timed out")), init.timeoutMs);
        });
      },
    });
    const started = Date.now();
    const outcome = await notifier.send(
      notification({
        webhookUrls: [
          "https://hooks.example.test/refuses",
          "https://hooks.example.test/unreachable",
          "https://hooks.example.test/hangs",
        ],
      }),
    );
    expect(outcome.webhooks).toEqual(["failed", "failed", "failed"]);
    expect(Date.now() - started).toBeLessThan(2_000);
    const logged = log.entries().map((e) => [e.msg, e.status ?? e.error]);
    expect(logged).toHaveLength(3);
    expect(logged).toEqual(
      expect.arrayContaining([
        ["notification webhook refused", 500],
        ["notification webhook failed", "fetch failed: connect ECONNREFUSED"],
        ["notification webhook failed", "timed out"],
      ]),
    );
  });

  it("never logs the credentials in SMTP_URL or the token in a webhook URL", async () => {
    const log = capturedLogger();
    const notifier = createNotifier({
      smtpUrl: `smtp://mailer:s3cret-pass@127.0.0.1:${await closedPort()}`,
      logger: log.logger,
      post: async () => ({ status: 404 }),
    });
    const outcome = await notifier.send(
      notification({ webhookUrls: ["https://hooks.example.test/services/T0/B0/tok3n?k=v4lue"] }),
    );
    expect(outcome).toEqual({ email: "failed", webhooks: ["failed"] });
    const entries = log.entries();
    expect(entries.map((e) => [e.msg, e.smtp ?? e.webhook])).toEqual(
      expect.arrayContaining([
        ["notification email failed", expect.stringMatching(/^smtp:\/\/127\.0\.0\.1:\d+$/)],
        ["notification webhook refused", "https://hooks.example.test"],
      ]),
    );
    for (const secret of ["s3cret-pass", "mailer", "tok3n", "v4lue"]) {
      expect(log.text()).not.toContain(secret);
    }
  });
});
