import type { BookingProblem, Service } from "../entities.ts";
import type { ServiceHostsData } from "../service-hosts.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export interface NewService {
  name: string;
  durationMinutes: number;
  priceCents: number | null;
  calcomEventTypeId: number | null;
}

export interface ServiceRepository {
  create(companyId: string, input: NewService): Promise<Service>;
  list(companyId: string): Promise<Service[]>;
  findById(companyId: string, serviceId: string): Promise<Service | null>;
  findByName(companyId: string, name: string): Promise<Service | null>;
  /** Removes the service and, with it, its finished booking attempts. */
  delete(companyId: string, serviceId: string): Promise<void>;
  update(
    companyId: string,
    serviceId: string,
    patch: NewService & { active: boolean },
  ): Promise<Service>;
  /** Records why Cal.com refused the service's last booking; null clears it. */
  recordBookingProblem(
    companyId: string,
    serviceId: string,
    problem: BookingProblem | null,
  ): Promise<void>;
}

/** The read model behind the service page. */
export interface ServiceHostsReader {
  load(companyId: string, serviceId: string): Promise<ServiceHostsData | null>;
}
