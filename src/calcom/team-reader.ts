import { assessBookability } from "../domain/bookability.ts";
import type { Company, TeamSnapshot } from "../domain/entities.ts";
import type { CalcomTeamReader } from "../domain/ports/calcom.ts";
import { type CalcomClientOptions, createCalcomClient } from "./client.ts";
import { retryPolicies } from "./retry.ts";

/**
 * The team-sync port over the Cal.com client: one event-types request (hosts included) plus
 * the membership pages, which are the only source of host emails.
 */
export function createCalcomTeamReader(
  options: Pick<
    CalcomClientOptions,
    "fetch" | "rateLimiter" | "rateLimiters" | "rateLimitPerMinute" | "sleep"
  > = {},
): CalcomTeamReader {
  return {
    async readTeam(company: Company, usage: { requests: number }): Promise<TeamSnapshot> {
      const teamId = company.calcom.teamId;
      if (teamId === null) throw new Error(`${company.name} has no Cal.com team id`);
      const client = createCalcomClient({
        ...options,
        baseUrl: company.calcom.baseUrl,
        apiKey: company.calcom.apiKey,
        policy: retryPolicies.sync,
        onRequest: () => {
          usage.requests++;
        },
      });
      const [eventTypes, memberships] = await Promise.all([
        client.listTeamEventTypes(teamId),
        client.listTeamMemberships(teamId),
      ]);
      return {
        eventTypes: eventTypes.map((e) => ({
          eventTypeId: e.id,
          teamId: e.teamId ?? teamId,
          title: e.title,
          slug: e.slug,
          lengthInMinutes: e.lengthInMinutes,
          schedulingType: e.schedulingType,
          hidden: e.hidden,
          requiresConfirmation: e.requiresConfirmation,
          // Cal.com applies the flag to round robins only.
          chosenHosts: e.schedulingType === "roundRobin" && e.rrHostSubsetEnabled,
          ...assessBookability({
            schedulingType: e.schedulingType,
            parentEventTypeId: e.parentEventTypeId,
            hosts: e.hosts.map((h) => ({ mandatory: h.mandatory ?? false })),
            bookingFields: e.bookingFields,
            recurring: e.recurring,
            seated: e.seated,
            requiresConfirmation: e.requiresConfirmation,
          }),
          hosts: e.hosts.map((h) => ({
            userId: h.userId,
            name: h.name,
            username: h.username,
            avatarUrl: h.avatarUrl,
            mandatory: h.mandatory ?? false,
            priority: h.priority ?? null,
          })),
        })),
        members: memberships.map((m) => ({
          userId: m.userId,
          membershipId: m.id,
          email: m.user.email?.trim().toLowerCase() || null,
          name: m.user.name,
          username: m.user.username,
          avatarUrl: m.user.avatarUrl,
          role: m.role,
          accepted: m.accepted,
        })),
      };
    },
  };
}
