import type { SettleRound } from "../features/voice/settle-booking-attempts.ts";
import type { Logger } from "../platform/logger.ts";

export interface BookingSettlerDeps {
  /** One round of the use-case (features/voice/settle-booking-attempts.ts). */
  settle: (now?: Date) => Promise<SettleRound>;
  /** How often a round runs: BOOKING_SETTLE_INTERVAL_MS (15 s by default). */
  intervalMs: number;
  logger: Pick<Logger, "debug" | "info" | "error">;
}

export interface BookingSettler {
  /** Runs a round now (a restarted server looks up what it left behind at once), then every interval. */
  start(): void;
  /** Stops and waits for the round under way. */
  stop(): Promise<void>;
  /** One round; resolves when it has finished (the round under way, if one is running). */
  tick(now?: Date): Promise<SettleRound | null>;
}

/**
 * Looks up, in the background of `serve`, the voice bookings whose answer from Cal.com was lost
 * (timeout, reset, a server killed mid-booking), so that none stays without its appointment.
 * Rounds never overlap in one process; across instances each attempt is claimed in the database.
 */
export function createBookingSettler(deps: BookingSettlerDeps): BookingSettler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<SettleRound | null> | null = null;
  let stopped = false;

  function tick(now?: Date): Promise<SettleRound | null> {
    if (stopped) return Promise.resolve(null);
    running ??= deps
      .settle(now)
      .then((round) => {
        if (round.checked > 0) deps.logger.info({ ...round }, "booking settler round");
        return round;
      })
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, "booking settler round failed");
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void tick(), deps.intervalMs);
      timer.unref?.();
      void tick();
      deps.logger.info({ intervalMs: deps.intervalMs }, "booking settler started");
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    tick,
  };
}
