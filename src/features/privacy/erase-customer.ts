import type { TenantContext } from "../../domain/entities.ts";
import type { CustomerRepository, ErasureAuditEntry } from "../../domain/ports/privacy.ts";
import type { Repositories, Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";
import type { IdGenerator } from "../../platform/ids.ts";
import { collectPerson, isEmpty, readPhone } from "./customer-data.ts";

export interface CustomerErasure {
  phone: string;
  /** False when nothing was stored about the number (no audit row is written then). */
  erased: boolean;
  customerId: string | null;
  counts: {
    customers: number;
    appointments: number;
    calls: number;
    bookingAttempts: number;
    inboxEvents: number;
  };
}

/**
 * Erases one caller (by phone) in the company, in one transaction: the customer record goes,
 * their appointments keep staff, service, time and status but lose attendee name, email, notes
 * and the customer link, their calls lose the number, summary and outcome, their booking
 * attempts go, and the raw deliveries that mention them keep only their digest. An audit row
 * says who erased which customer id when (with the counts, never the data itself). Afterwards
 * `flush` makes the database files forget the old versions (SQLite: checkpoint of the WAL).
 */
export function makeEraseCustomer(deps: {
  store: Pick<Store, "transaction">;
  clock: Clock;
  newId: IdGenerator;
  flush?: () => Promise<void>;
}) {
  return async (ctx: TenantContext, raw: { phone: string }): Promise<CustomerErasure> => {
    const phone = readPhone(ctx, raw);
    const companyId = ctx.company.id;
    const at = deps.clock.now().toISOString();
    const result = await deps.store.transaction(async (tx: Repositories) => {
      const data = await collectPerson(tx, companyId, phone);
      const customerId = data.customer?.id ?? null;
      if (isEmpty(data)) {
        return {
          phone,
          erased: false,
          customerId,
          counts: { customers: 0, appointments: 0, calls: 0, bookingAttempts: 0, inboxEvents: 0 },
        };
      }
      const counts = {
        customers: 0,
        appointments: await tx.appointments.erasePersonal(
          companyId,
          data.appointments.map((a) => a.id),
          at,
        ),
        calls: await tx.calls.eraseForPerson(companyId, data.keys, at),
        bookingAttempts: await tx.bookingAttempts.deleteForPerson(companyId, data.keys),
        inboxEvents: await tx.inbox.redact(
          companyId,
          data.inboxEvents.map((e) => e.id),
          at,
        ),
      };
      if (customerId !== null) {
        await tx.customers.delete(companyId, customerId);
        counts.customers = 1;
      }
      await tx.customers.addErasureAudit(companyId, {
        id: deps.newId(),
        customerId,
        actorType: ctx.actor.type,
        actorId:
          ctx.actor.type === "user"
            ? ctx.actor.userId
            : ctx.actor.type === "token"
              ? ctx.actor.tokenId
              : null,
        counts,
        createdAt: at,
      });
      return { phone, erased: true, customerId, counts };
    });
    if (result.erased) await deps.flush?.();
    return result;
  };
}

/** The latest erasures of the company, newest first (who, when, how many rows). */
export function makeListErasures(deps: {
  customers: Pick<CustomerRepository, "listErasureAudit">;
}) {
  return (ctx: TenantContext, limit = 20): Promise<ErasureAuditEntry[]> =>
    deps.customers.listErasureAudit(ctx.company.id, limit);
}
