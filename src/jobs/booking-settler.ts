import type { SettleRound } from "../features/voice/settle-booking-attempts.ts";
import type { Logger } from "../platform/logger.ts";

export interface BookingSettlerDeps {
  /**
   * Queues the round of one interval (`slot` = ms since the epoch / interval) under an id of
   * that interval, so that the instances together run one round per interval.
   */
  enqueueRound: (slot: number) => Promise<string | null>;
  /** How often a round runs: BOOKING_SETTLE_INTERVAL_MS (15 s by default). */
  intervalMs: number;
  now?: () => number;
  logger: Pick<Logger, "debug" | "info" | "error">;
}

export interface BookingSettler {
  /** Queues this interval's round now (a restarted server looks up what it left behind at once), then every interval. */
  start(): void;
  stop(): Promise<void>;
  /** Queues the current interval's round; its id, or null when another instance queued it. */
  tick(): Promise<string | null>;
}

/**
 * Looks up, in the background of `serve`, the voice bookings whose answer from Cal.com was lost
 * (timeout, reset, a server killed mid-booking), so that none stays without its appointment.
 * Every instance ticks; the round itself is a job (`settle-bookings`), once per interval across
 * the cluster and never two at once. Each attempt is also claimed in the database.
 */
export function createBookingSettler(deps: BookingSettlerDeps): BookingSettler {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let ticking: Promise<string | null> | null = null;

  function tick(): Promise<string | null> {
    if (stopped) return Promise.resolve(null);
    ticking = deps.enqueueRound(Math.floor(now() / deps.intervalMs)).catch((error: unknown) => {
      deps.logger.error({ err: error }, "booking settler round could not be queued");
      return null;
    });
    return ticking;
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
      await ticking;
    },
    tick,
  };
}

/** The `settle-bookings` job: one round of the use-case, logged when it checked something. */
export function settleRoundJob(deps: {
  settle: () => Promise<SettleRound>;
  logger: Pick<Logger, "info">;
}) {
  return async (): Promise<SettleRound> => {
    const round = await deps.settle();
    if (round.checked > 0) deps.logger.info({ ...round }, "booking settler round");
    return round;
  };
}
