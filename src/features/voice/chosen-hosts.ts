import type { CalcomEventType, ChosenHostsSupport, Company } from "../../domain/entities.ts";
import { UpstreamError } from "../../domain/errors.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";

/*
 * Chosen hosts: Cal.com can be asked for one host's free times and bookings (`rrHostSubsetIds`)
 * when the event type enables it; an older deployment refuses the parameter. What a company's
 * Cal.com answered is remembered on the company, so each deployment is probed once.
 */

export interface ChosenHostsDeps {
  store: { companies: Pick<CompanyRepository, "update"> };
}

/** Whether Cal.com may be asked for chosen hosts of this event type. */
export function chosenHostsPossible(
  company: Company,
  eventType: Pick<CalcomEventType, "chosenHosts"> | null,
): boolean {
  return eventType?.chosenHosts === true && company.calcom.chosenHosts !== "unsupported";
}

/** The refusal of an older Cal.com that does not know `rrHostSubsetIds`. */
export const refusesChosenHosts = (error: unknown): boolean =>
  error instanceof UpstreamError &&
  error.kind === "rejected" &&
  error.refusal === "hosts_unsupported";

/** Notes what the company's Cal.com answered, unless the company already says so. */
export async function rememberChosenHosts(
  deps: ChosenHostsDeps,
  company: Company,
  support: Exclude<ChosenHostsSupport, null>,
): Promise<void> {
  if (company.calcom.chosenHosts === support) return;
  await deps.store.companies.update(company.id, { calcomChosenHosts: support });
}

/**
 * `request` with the hosts; on an older Cal.com's refusal, the same request without them (asking
 * again is safe: the parameter was refused before anything was done). `chosen` says whether the
 * answer is the hosts' own.
 */
export async function withChosenHosts<T>(
  deps: ChosenHostsDeps,
  company: Company,
  hostIds: readonly number[],
  request: (hostIds?: readonly number[]) => Promise<T>,
): Promise<{ value: T; chosen: boolean }> {
  try {
    const value = await request(hostIds);
    await rememberChosenHosts(deps, company, "supported");
    return { value, chosen: true };
  } catch (error) {
    if (!refusesChosenHosts(error)) throw error;
    await rememberChosenHosts(deps, company, "unsupported");
    return { value: await request(), chosen: false };
  }
}
