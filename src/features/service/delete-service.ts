import type { TenantContext } from "../../domain/entities.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { Store } from "../../domain/ports/store.ts";

/**
 * Removes a service made by mistake. One with appointments on record stays (`active: false` takes
 * it off the phone), and so does one a phone booking is still waiting on: its outcome must find
 * the service when it comes in.
 */
export function makeDeleteService(deps: { store: Pick<Store, "transaction"> }) {
  return async (ctx: TenantContext, serviceId: string): Promise<void> => {
    const { company } = ctx;
    await deps.store.transaction(async (tx) => {
      const service = await tx.services.findById(company.id, serviceId);
      if (!service) throw new NotFoundError(`no service ${serviceId} in ${company.name}`);
      const appointments = await tx.appointments.countFor(company.id, { serviceId });
      if (appointments > 0) {
        throw new ConflictError(
          `${service.name} has ${appointments} appointment(s) on record and cannot be deleted; set active to false to take it off the phone`,
        );
      }
      if ((await tx.bookingAttempts.countOpenForService(company.id, serviceId)) > 0) {
        throw new ConflictError(
          `a phone booking of ${service.name} is still waiting for Cal.com's answer; try again in a few minutes`,
        );
      }
      await tx.services.delete(company.id, serviceId);
    });
  };
}
