import type { Service } from "../../domain/entities.ts";
import type { ServiceRepository } from "../../domain/ports.ts";
import { findService } from "../../domain/service-match.ts";

export type UnknownService = { kind: "unknown_service"; requested: string; services: string[] };

/**
 * The service the caller named, among those bookable by phone (active and linked to a Cal.com
 * event type); otherwise the list the agent can offer instead.
 */
export async function bookableService(
  services: Pick<ServiceRepository, "list">,
  companyId: string,
  spoken: string,
): Promise<{ service: Service & { calcomEventTypeId: number } } | UnknownService> {
  const bookable = (await services.list(companyId)).filter(
    (s) => s.active && s.calcomEventTypeId !== null,
  );
  const service = findService(bookable, spoken);
  return service
    ? { service: service as Service & { calcomEventTypeId: number } }
    : { kind: "unknown_service", requested: spoken, services: bookable.map((s) => s.name) };
}
