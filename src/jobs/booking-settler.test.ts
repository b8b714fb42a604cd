import { describe, expect, it } from "vitest";
import type { SettleRound } from "../features/voice/settle-booking-attempts.ts";
import { createLogger } from "../platform/logger.ts";
import { createBookingSettler } from "./booking-settler.ts";

const logger = createLogger({ level: "silent" });
const empty: SettleRound = { checked: 0, booked: 0, abandoned: 0 };

describe("the booking settler", () => {
  it("runs a round at start, never two at once, and waits for the one under way on stop", async () => {
    let rounds = 0;
    let running = 0;
    let most = 0;
    let release: () => void = () => {};
    const settler = createBookingSettler({
      settle: async () => {
        rounds += 1;
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => {
          release = r;
        });
        running -= 1;
        return { checked: 1, booked: 1, abandoned: 0 };
      },
      intervalMs: 10,
      logger,
    });
    settler.start();
    expect(rounds).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    // Ticks while a round is running join it rather than starting another.
    expect(rounds).toBe(1);
    const joined = settler.tick();
    release();
    expect(await joined).toEqual({ checked: 1, booked: 1, abandoned: 0 });
    const stopped = settler.stop();
    release();
    await stopped;
    expect(most).toBe(1);
    const after = rounds;
    await new Promise((r) => setTimeout(r, 50));
    expect(rounds).toBe(after);
    expect(await settler.tick()).toBeNull();
  });

  it("survives a failing round", async () => {
    let calls = 0;
    const settler = createBookingSettler({
      settle: async () => {
        calls += 1;
        if (calls === 1) throw new Error("database down");
        return empty;
      },
      intervalMs: 1_000,
      logger,
    });
    expect(await settler.tick()).toBeNull();
    expect(await settler.tick()).toEqual(empty);
    await settler.stop();
  });
});
