import { member, salonHours } from "./demo-fixture.ts";
import type { FixtureTeam } from "./fixture.ts";

export const teamTemplates = ["salon"] as const;
export type TeamTemplate = (typeof teamTemplates)[number];

/** The first free id of each kind; a template takes as many as it needs, counting up. */
export interface FreeIds {
  team: number;
  eventType: number;
  user: number;
  membership: number;
}

/** Staff of a new salon: German names, email local parts without umlauts. */
const salonStaff = [
  { name: "Katrin Vogel", local: "katrin.vogel", role: "OWNER" },
  { name: "Tobias Wagner", local: "tobias.wagner", role: "MEMBER" },
  { name: "Miriam Schäfer", local: "miriam.schaefer", role: "MEMBER" },
  { name: "Jonas Krüger", local: "jonas.krueger", role: "MEMBER" },
] as const;

/** Round robin like the demo salon's, each over some of the staff (indexes into salonStaff). */
const salonEventTypes = [
  { title: "Haarschnitt", slug: "haarschnitt", lengthInMinutes: 30, hosts: [0, 1, 2] },
  { title: "Färben", slug: "faerben", lengthInMinutes: 90, hosts: [1, 2, 3] },
  { title: "Beratung", slug: "beratung", lengthInMinutes: 15, hosts: [0, 3] },
] as const;

/**
 * A salon team as Cal.com would hold it for a new business: four accepted members (the first
 * the owner) working the demo salon's hours, and bookable round-robin event types that can be
 * booked with a chosen host.
 */
export function templateTeam(
  template: TeamTemplate,
  identity: { slug: string; name: string },
  ids: FreeIds,
): FixtureTeam {
  switch (template) {
    case "salon": {
      const members = salonStaff.map((staff, i) => ({
        ...member(
          ids.user + i,
          staff.name,
          `${staff.local}@${identity.slug}.example`,
          `${staff.local.split(".")[0]}-${identity.slug}`,
          staff.role,
          salonHours,
        ),
        membershipId: ids.membership + i,
      }));
      return {
        id: ids.team,
        slug: identity.slug,
        name: identity.name,
        timeZone: "Europe/Berlin",
        members,
        eventTypes: salonEventTypes.map((eventType, i) => ({
          id: ids.eventType + i,
          title: eventType.title,
          slug: eventType.slug,
          lengthInMinutes: eventType.lengthInMinutes,
          schedulingType: "roundRobin",
          hosts: eventType.hosts.map((h) => ({ userId: members[h]!.userId })),
          // So a caller can ask for a particular person.
          rrHostSubsetEnabled: true,
        })),
      };
    }
  }
}
