import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import { lookUpAttempt, nextCheck, type SettleDeps, settleSchedule } from "./settle-booking.ts";

/** Companies and attempts one round takes at most; the rest wait for the next round. */
const companiesPerRound = 50;
const attemptsPerCompany = 20;
/** Look-ups under way at once. */
const parallel = 4;
/** A claimed attempt whose settler died is due again after this. */
const leaseMs = 60_000;
/** Given-up attempts (with the caller's name and contact) are kept this long for the operator. */
const keepAbandonedMs = 30 * 24 * 60 * 60_000;

export interface SettleRound {
  /** Attempts looked up in this round. */
  checked: number;
  /** Found in Cal.com and recorded as appointments. */
  booked: number;
  /** Given up after 24 hours without an answer. */
  abandoned: number;
}

/**
 * One round of the booking settler: every open attempt that is due (an answer lost `intervalMs`
 * ago, or a `booking` attempt whose server must have died, since its budget is long spent) is
 * claimed — by exactly one settler of all instances — and looked up in Cal.com by its ref. Found:
 * the appointment is written. Not found (or Cal.com failing): looked at again on the schedule of
 * `nextCheck`, and after 24 hours given up and logged.
 */
export function makeSettleBookingAttempts(
  deps: SettleDeps & {
    store: Pick<Store, "transaction" | "companies" | "bookingAttempts">;
    clock: Clock;
    /** The fast look-up interval (BOOKING_SETTLE_INTERVAL_MS). */
    intervalMs?: number;
    logger?: Pick<Logger, "info" | "warn" | "error">;
  },
) {
  const intervalMs = deps.intervalMs ?? settleSchedule.defaultIntervalMs;
  let purgedAt = 0;

  return async (now: Date = deps.clock.now()): Promise<SettleRound> => {
    const round: SettleRound = { checked: 0, booked: 0, abandoned: 0 };
    const at = now.toISOString();
    if (now.getTime() - purgedAt >= settleSchedule.slowIntervalMs) {
      purgedAt = now.getTime();
      await deps.store.bookingAttempts.purgeAbandoned(
        new Date(now.getTime() - keepAbandonedMs).toISOString(),
      );
    }
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const work: (() => Promise<void>)[] = [];
    for (const companyId of await deps.store.bookingAttempts.dueCompanies(at, companiesPerRound)) {
      const company = await deps.store.companies.findById(companyId);
      if (!company) continue;
      const attempts = await deps.store.bookingAttempts.claimDue(
        companyId,
        at,
        leaseUntil,
        attemptsPerCompany,
      );
      for (const attempt of attempts) {
        const context = {
          companyId,
          attempt: attempt.key,
          callId: attempt.callId,
          eventTypeId: attempt.eventTypeId,
          start: attempt.start,
          checks: attempt.checks,
        };
        const settle = async () => {
          const result = await lookUpAttempt(deps, company, attempt);
          if (result.kind === "booked") {
            round.booked += 1;
            deps.logger?.info(
              { ...context, appointmentId: result.appointment.id },
              "booking settled: Cal.com has it, the appointment is recorded",
            );
            return;
          }
          const error = result.kind === "failed" ? result.error : null;
          const next = nextCheck(attempt.startedAt, now, intervalMs);
          await deps.store.bookingAttempts.recordCheck(companyId, attempt.key, next, error);
          if ("abandonedAt" in next) {
            round.abandoned += 1;
            deps.logger?.error(
              { ...context, lastError: error ?? attempt.lastError },
              "booking never settled: Cal.com has no booking with its ref after 24 hours; given up",
            );
          } else if (error) {
            deps.logger?.warn({ ...context, err: error }, "booking look-up failed; will retry");
          }
        };
        work.push(async () => {
          round.checked += 1;
          try {
            await settle();
          } catch (error) {
            // The lease runs out and a later round tries again.
            deps.logger?.error({ ...context, err: error }, "settling a booking crashed");
          }
        });
      }
    }
    await runLimited(work, parallel);
    return round;
  };
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
