import { serviceBookableByPhone } from "../../domain/bookability.ts";
import type { BookabilityProblem, Service } from "../../domain/entities.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import { findService } from "../../domain/service-match.ts";

export type UnknownService = { kind: "unknown_service"; requested: string; services: string[] };

/**
 * The caller named a service we offer, but its Cal.com event type cannot be booked by phone
 * (see domain/bookability): the agent says so instead of offering times it could not book.
 */
export type NotBookableService = {
  kind: "not_bookable";
  service: string;
  problems: BookabilityProblem[];
  /** What can be booked by phone instead. */
  services: string[];
};

/**
 * The service the caller named, among those bookable by phone (active, linked to a Cal.com
 * event type, and that event type without bookability problems); otherwise why not, with the
 * list the agent can offer instead. Bookability comes with the services read, so a cached
 * read (the call directory) answers without a query.
 */
export async function bookableService(
  services: Pick<ServiceRepository, "list">,
  companyId: string,
  spoken: string,
): Promise<
  { service: Service & { calcomEventTypeId: number } } | UnknownService | NotBookableService
> {
  const linked = (await services.list(companyId)).filter(
    (s) => s.active && s.calcomEventTypeId !== null,
  );
  const bookable = linked.filter(serviceBookableByPhone);
  const offered = bookable.map((s) => s.name);
  const service = findService(linked, spoken);
  if (!service) return { kind: "unknown_service", requested: spoken, services: offered };
  if (!serviceBookableByPhone(service)) {
    return {
      kind: "not_bookable",
      service: service.name,
      problems: service.bookability?.problems ?? [],
      services: offered,
    };
  }
  return { service };
}
