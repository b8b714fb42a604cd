import type { Service, TenantContext } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";

/** One of the company's services; another company's id is simply not found. */
export function makeGetService(deps: { services: Pick<ServiceRepository, "findById"> }) {
  return async (ctx: TenantContext, serviceId: string): Promise<Service> => {
    const service = await deps.services.findById(ctx.company.id, serviceId);
    if (!service) throw new NotFoundError(`no service ${serviceId} in ${ctx.company.name}`);
    return service;
  };
}
