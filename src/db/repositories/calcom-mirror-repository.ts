import type { Kysely, Selectable } from "kysely";
import type {
  BookabilityNotice,
  BookabilityProblem,
  CalcomEventType,
  CalcomHost,
  MirrorChanges,
  SchedulingType,
  TeamSnapshot,
} from "../../domain/entities.ts";
import type { CalcomMirrorRepository, HostProfile } from "../../domain/ports/mirror.ts";
import type { CalcomEventTypeTable, DB } from "../tables.ts";

const toEventType = (row: Selectable<CalcomEventTypeTable>): CalcomEventType => ({
  companyId: row.company_id,
  eventTypeId: row.event_type_id,
  title: row.title,
  slug: row.slug,
  lengthInMinutes: row.length_in_minutes,
  schedulingType: row.scheduling_type as SchedulingType,
  hidden: Boolean(row.hidden),
  requiresConfirmation: Boolean(row.requires_confirmation),
  chosenHosts: Boolean(row.chosen_hosts),
  problems: JSON.parse(row.problems_json) as BookabilityProblem[],
  notices: JSON.parse(row.notices_json) as BookabilityNotice[],
  removedAt: row.removed_at,
  syncedAt: row.synced_at,
});

// Keeps every statement far below SQLite's and PostgreSQL's bound-parameter limits.
const chunkRows = 500;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += chunkRows) out.push(rows.slice(i, i + chunkRows));
  return out;
}

export function createCalcomMirrorRepository(db: Kysely<DB>): CalcomMirrorRepository {
  return {
    async listHostProfiles(companyId) {
      // Members carry the fuller profile; host rows cover anyone listed on an event type only.
      const rows = await db
        .selectFrom("calcom_member")
        .select(["calcom_user_id", "name", "username", "avatar_url"])
        .select((eb) => eb.val(0).as("rank"))
        .where("company_id", "=", companyId)
        .unionAll(
          db
            .selectFrom("calcom_event_type_host")
            .select(["calcom_user_id", "name", "username", "avatar_url"])
            .select((eb) => eb.val(1).as("rank"))
            .where("company_id", "=", companyId),
        )
        .orderBy("rank")
        .execute();
      const hosts = new Map<number, HostProfile>();
      for (const r of rows) {
        const known = hosts.get(r.calcom_user_id);
        hosts.set(r.calcom_user_id, {
          calcomUserId: r.calcom_user_id,
          name: known?.name || r.name || null,
          username: known?.username || r.username || null,
          avatarUrl: known?.avatarUrl || r.avatar_url || null,
        });
      }
      return [...hosts.values()];
    },

    async listEventTypes(companyId) {
      const rows = await db
        .selectFrom("calcom_event_type")
        .selectAll()
        .where("company_id", "=", companyId)
        .orderBy("title")
        .execute();
      return rows.map(toEventType);
    },

    async findEventType(companyId, eventTypeId) {
      const row = await db
        .selectFrom("calcom_event_type")
        .selectAll()
        .where("company_id", "=", companyId)
        .where("event_type_id", "=", eventTypeId)
        .executeTakeFirst();
      return row ? toEventType(row) : null;
    },

    async listHosts(companyId, eventTypeIds) {
      if (eventTypeIds?.length === 0) return [];
      let query = db
        .selectFrom("calcom_event_type_host as h")
        .leftJoin("calcom_member as m", (join) =>
          join
            .onRef("m.company_id", "=", "h.company_id")
            .onRef("m.calcom_user_id", "=", "h.calcom_user_id"),
        )
        .select([
          "h.calcom_user_id",
          "h.event_type_id",
          "h.name as host_name",
          "h.username as host_username",
          "h.avatar_url as host_avatar_url",
          "h.mandatory",
          "m.name as member_name",
          "m.username as member_username",
          "m.avatar_url as member_avatar_url",
          "m.email",
          "m.role",
          "m.accepted",
          "m.removed_at as member_removed_at",
        ])
        .where("h.company_id", "=", companyId)
        .where("h.removed_at", "is", null);
      if (eventTypeIds) query = query.where("h.event_type_id", "in", eventTypeIds);
      const rows = await query.orderBy("h.calcom_user_id").orderBy("h.event_type_id").execute();

      const hosts = new Map<number, CalcomHost>();
      for (const r of rows) {
        const host = hosts.get(r.calcom_user_id);
        if (host) {
          host.eventTypeIds.push(r.event_type_id);
          if (r.mandatory) host.fixedIn.push(r.event_type_id);
          continue;
        }
        hosts.set(r.calcom_user_id, {
          calcomUserId: r.calcom_user_id,
          // The membership carries the fuller profile; the host row is the fallback.
          name: r.member_name || r.host_name || null,
          email: r.member_removed_at ? null : (r.email ?? null),
          username: r.member_username || r.host_username || null,
          avatarUrl: r.member_avatar_url || r.host_avatar_url || null,
          role: r.role ?? null,
          accepted: r.accepted === null ? false : Boolean(r.accepted) && !r.member_removed_at,
          eventTypeIds: [r.event_type_id],
          fixedIn: r.mandatory ? [r.event_type_id] : [],
        });
      }
      return [...hosts.values()];
    },

    async findHost(companyId, calcomUserId) {
      const [member, hostRows] = await Promise.all([
        db
          .selectFrom("calcom_member")
          .selectAll()
          .where("company_id", "=", companyId)
          .where("calcom_user_id", "=", calcomUserId)
          .executeTakeFirst(),
        db
          .selectFrom("calcom_event_type_host")
          .selectAll()
          .where("company_id", "=", companyId)
          .where("calcom_user_id", "=", calcomUserId)
          .execute(),
      ]);
      const host = hostRows[0];
      if (!member && !host) return null;
      return {
        calcomUserId,
        name: member?.name || host?.name || null,
        email: member?.email ?? null,
        username: member?.username || host?.username || null,
        avatarUrl: member?.avatar_url || host?.avatar_url || null,
        role: member?.role ?? null,
        accepted: member ? Boolean(member.accepted) && !member.removed_at : false,
        eventTypeIds: hostRows.filter((h) => !h.removed_at).map((h) => h.event_type_id),
        fixedIn: hostRows.filter((h) => !h.removed_at && h.mandatory).map((h) => h.event_type_id),
      };
    },

    async applyTeamSnapshot(companyId, snapshot, at) {
      const [liveEventTypes, liveHosts, liveMembers] = await Promise.all([
        db
          .selectFrom("calcom_event_type")
          .select("event_type_id")
          .where("company_id", "=", companyId)
          .where("removed_at", "is", null)
          .execute(),
        db
          .selectFrom("calcom_event_type_host")
          .select(["event_type_id", "calcom_user_id"])
          .where("company_id", "=", companyId)
          .where("removed_at", "is", null)
          .execute(),
        db
          .selectFrom("calcom_member")
          .select("calcom_user_id")
          .where("company_id", "=", companyId)
          .where("removed_at", "is", null)
          .execute(),
      ]);

      // Cal.com may list a thing twice; one row per key keeps the upserts valid on PostgreSQL.
      const eventTypes = new Map(snapshot.eventTypes.map((e) => [e.eventTypeId, e]));
      const hosts = new Map<
        string,
        TeamSnapshot["eventTypes"][number]["hosts"][number] & { eventTypeId: number }
      >(
        [...eventTypes.values()].flatMap((e) =>
          e.hosts.map(
            (h) => [`${e.eventTypeId}:${h.userId}`, { eventTypeId: e.eventTypeId, ...h }] as const,
          ),
        ),
      );
      const members = new Map(snapshot.members.map((m) => [m.userId, m]));

      for (const batch of chunks([...eventTypes.values()])) {
        await db
          .insertInto("calcom_event_type")
          .values(
            batch.map((e) => ({
              company_id: companyId,
              event_type_id: e.eventTypeId,
              team_id: e.teamId,
              title: e.title,
              slug: e.slug,
              length_in_minutes: e.lengthInMinutes,
              scheduling_type: e.schedulingType,
              hidden: e.hidden,
              requires_confirmation: e.requiresConfirmation,
              chosen_hosts: e.chosenHosts,
              problems_json: JSON.stringify(e.problems),
              notices_json: JSON.stringify(e.notices),
              removed_at: null,
              synced_at: at,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["company_id", "event_type_id"]).doUpdateSet((eb) => ({
              team_id: eb.ref("excluded.team_id"),
              title: eb.ref("excluded.title"),
              slug: eb.ref("excluded.slug"),
              length_in_minutes: eb.ref("excluded.length_in_minutes"),
              scheduling_type: eb.ref("excluded.scheduling_type"),
              hidden: eb.ref("excluded.hidden"),
              requires_confirmation: eb.ref("excluded.requires_confirmation"),
              chosen_hosts: eb.ref("excluded.chosen_hosts"),
              problems_json: eb.ref("excluded.problems_json"),
              notices_json: eb.ref("excluded.notices_json"),
              removed_at: null,
              synced_at: eb.ref("excluded.synced_at"),
            })),
          )
          .execute();
      }

      for (const batch of chunks([...hosts.values()])) {
        await db
          .insertInto("calcom_event_type_host")
          .values(
            batch.map((h) => ({
              company_id: companyId,
              event_type_id: h.eventTypeId,
              calcom_user_id: h.userId,
              name: h.name,
              username: h.username,
              avatar_url: h.avatarUrl,
              mandatory: h.mandatory,
              priority: h.priority,
              removed_at: null,
              synced_at: at,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["company_id", "event_type_id", "calcom_user_id"]).doUpdateSet((eb) => ({
              name: eb.ref("excluded.name"),
              username: eb.ref("excluded.username"),
              avatar_url: eb.ref("excluded.avatar_url"),
              mandatory: eb.ref("excluded.mandatory"),
              priority: eb.ref("excluded.priority"),
              removed_at: null,
              synced_at: eb.ref("excluded.synced_at"),
            })),
          )
          .execute();
      }

      for (const batch of chunks([...members.values()])) {
        await db
          .insertInto("calcom_member")
          .values(
            batch.map((m) => ({
              company_id: companyId,
              calcom_user_id: m.userId,
              membership_id: m.membershipId,
              email: m.email,
              name: m.name,
              username: m.username,
              avatar_url: m.avatarUrl,
              role: m.role,
              accepted: m.accepted,
              removed_at: null,
              synced_at: at,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["company_id", "calcom_user_id"]).doUpdateSet((eb) => ({
              membership_id: eb.ref("excluded.membership_id"),
              email: eb.ref("excluded.email"),
              name: eb.ref("excluded.name"),
              username: eb.ref("excluded.username"),
              avatar_url: eb.ref("excluded.avatar_url"),
              role: eb.ref("excluded.role"),
              accepted: eb.ref("excluded.accepted"),
              removed_at: null,
              synced_at: eb.ref("excluded.synced_at"),
            })),
          )
          .execute();
      }

      // Whatever this sync did not touch has left Cal.com: mark it, keep it for history and audit.
      for (const table of [
        "calcom_event_type",
        "calcom_event_type_host",
        "calcom_member",
      ] as const) {
        await db
          .updateTable(table)
          .set({ removed_at: at })
          .where("company_id", "=", companyId)
          .where("removed_at", "is", null)
          .where("synced_at", "<>", at)
          .execute();
      }

      const liveHostKeys = new Set<string>(
        liveHosts.map((h) => `${h.event_type_id}:${h.calcom_user_id}`),
      );
      const liveEventTypeIds = new Set(liveEventTypes.map((e) => e.event_type_id));
      const liveMemberIds = new Set(liveMembers.map((m) => m.calcom_user_id));
      const changes: MirrorChanges = {
        eventTypes: eventTypes.size,
        eventTypesAdded: [...eventTypes.keys()].filter((id) => !liveEventTypeIds.has(id)).length,
        eventTypesRemoved: [...liveEventTypeIds].filter((id) => !eventTypes.has(id)).length,
        hosts: hosts.size,
        hostsAdded: [...hosts.keys()].filter((k) => !liveHostKeys.has(k)).length,
        hostsRemoved: [...liveHostKeys].filter((k) => !hosts.has(k)).length,
        members: members.size,
        membersAdded: [...members.keys()].filter((id) => !liveMemberIds.has(id)).length,
        membersRemoved: [...liveMemberIds].filter((id) => !members.has(id)).length,
      };
      return changes;
    },
  };
}
