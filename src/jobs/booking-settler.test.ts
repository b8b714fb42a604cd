import { describe, expect, it } from "vitest";
import type { SettleRound } from "../features/voice/settle-booking-attempts.ts";
import { createLogger } from "../platform/logger.ts";
import { createBookingSettler, settleRoundJob } from "./booking-settler.ts";

const logger = createLogger({ level: "silent" });

describe("the booking settler", () => {
  it("queues this interval's round at start and then one per interval, under the interval's slot", async () => {
    const slots: number[] = [];
    let clock = 10_000;
    const settler = createBookingSettler({
      enqueueRound: async (slot) => {
        slots.push(slot);
        return `round-${slot}`;
      },
      intervalMs: 1_000,
      now: () => clock,
      logger,
    });
    settler.start();
    expect(slots).toEqual([10]);
    // Instances ticking within one interval ask for the same slot: the queue runs it once.
    expect(await settler.tick()).toBe("round-10");
    clock = 11_500;
    expect(await settler.tick()).toBe("round-11");
    await settler.stop();
    expect(await settler.tick()).toBeNull();
    expect(slots).toEqual([10, 10, 11]);
  });

  it("survives a round that cannot be queued", async () => {
    let calls = 0;
    const settler = createBookingSettler({
      enqueueRound: async () => {
        calls += 1;
        if (calls === 1) throw new Error("database down");
        return "queued";
      },
      intervalMs: 1_000,
      logger,
    });
    expect(await settler.tick()).toBeNull();
    expect(await settler.tick()).toBe("queued");
    await settler.stop();
  });

  it("the round job runs the use-case once and hands back its counts", async () => {
    const round: SettleRound = { checked: 2, booked: 1, abandoned: 1 };
    let runs = 0;
    const job = settleRoundJob({
      settle: async () => {
        runs += 1;
        return round;
      },
      logger,
    });
    expect(await job()).toEqual(round);
    expect(runs).toBe(1);
  });
});
