import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("createLogger", () => {
  it("redacts credentials wherever they appear", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination });
    logger.info(
      {
        company: { apiKey: "cal_live_123", webhookSecret: "whsec" },
        req: {
          headers: { authorization: "Bearer cal_live_123", "x-retell-signature": "v=1,d=ab" },
        },
      },
      "hello",
    );
    const out = lines.join("");
    expect(out).toContain("hello");
    expect(out).not.toContain("cal_live_123");
    expect(out).not.toContain("whsec");
    expect(out).not.toContain("v=1,d=ab");
    expect(out).not.toContain("csrf-secret-token");
    expect(out).not.toContain("session-secret");
  });
});
