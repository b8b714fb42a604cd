import type { Kysely } from "kysely";
import { calcomFailures } from "../../domain/calcom-failure.ts";
import type {
  BookabilityNotice,
  BookabilityProblem,
  MappingSource,
  MappingStatus,
  SchedulingType,
  SyncStatus,
} from "../../domain/entities.ts";
import type { ServiceHostsReader } from "../../domain/ports/service.ts";
import type { ServiceHostsData } from "../../domain/service-hosts.ts";
import type { DB } from "../tables.ts";
import { toService } from "./service-repository.ts";

/**
 * The read side of the service page: three queries whatever the number of hosts
 * (service + event type + sync state; hosts ⨝ members ⨝ mappings ⨝ staff; services per host).
 */
export function createServiceHostsReader(db: Kysely<DB>): ServiceHostsReader {
  return {
    async load(companyId, serviceId): Promise<ServiceHostsData | null> {
      const lastTeamRun = (column: "status" | "finished_at" | "error" | "error_kind") =>
        db
          .selectFrom("sync_run")
          .select(column)
          .where("company_id", "=", companyId)
          .where("kind", "=", "team")
          .where("status", "<>", "running")
          .orderBy("started_at", "desc")
          .limit(1);

      const head = await db
        .selectFrom("service as s")
        .leftJoin("calcom_event_type as e", (join) =>
          join
            .onRef("e.company_id", "=", "s.company_id")
            .onRef("e.event_type_id", "=", "s.calcom_event_type_id"),
        )
        .selectAll("s")
        .select([
          "e.event_type_id as e_id",
          "e.title as e_title",
          "e.slug as e_slug",
          "e.length_in_minutes as e_length",
          "e.scheduling_type as e_scheduling_type",
          "e.hidden as e_hidden",
          "e.requires_confirmation as e_requires_confirmation",
          "e.chosen_hosts as e_chosen_hosts",
          "e.problems_json as e_problems_json",
          "e.notices_json as e_notices_json",
          "e.removed_at as e_removed_at",
          "e.synced_at as e_synced_at",
        ])
        .select((eb) => [
          lastTeamRun("status").as("last_status"),
          lastTeamRun("finished_at").as("last_finished_at"),
          lastTeamRun("error").as("last_error"),
          lastTeamRun("error_kind").as("last_error_kind"),
          eb
            .selectFrom("sync_run")
            .select((s) => s.fn.max("finished_at").as("m"))
            .where("company_id", "=", companyId)
            .where("kind", "=", "team")
            .where("status", "=", "succeeded")
            .as("last_success_at"),
        ])
        .where("s.company_id", "=", companyId)
        .where("s.id", "=", serviceId)
        .executeTakeFirst();
      if (!head) return null;

      const eventTypeId = head.calcom_event_type_id;
      const data: ServiceHostsData = {
        service: toService(head),
        eventType:
          head.e_id === null
            ? null
            : {
                companyId,
                eventTypeId: head.e_id,
                title: head.e_title ?? "",
                slug: head.e_slug ?? "",
                lengthInMinutes: head.e_length ?? 0,
                schedulingType: head.e_scheduling_type as SchedulingType,
                hidden: Boolean(head.e_hidden),
                requiresConfirmation: Boolean(head.e_requires_confirmation),
                chosenHosts: Boolean(head.e_chosen_hosts),
                problems: JSON.parse(head.e_problems_json ?? "[]") as BookabilityProblem[],
                notices: JSON.parse(head.e_notices_json ?? "[]") as BookabilityNotice[],
                removedAt: head.e_removed_at,
                syncedAt: head.e_synced_at ?? "",
              },
        lastTeamSync: head.last_status
          ? {
              status: head.last_status as SyncStatus,
              finishedAt: head.last_finished_at ?? null,
              error: head.last_error ?? null,
              errorKind: calcomFailures.find((k) => k === head.last_error_kind) ?? null,
            }
          : null,
        lastSuccessfulSyncAt: (head.last_success_at as string | null) ?? null,
        hosts: [],
        servicesByHost: [],
      };
      if (eventTypeId === null || head.e_id === null || head.e_removed_at) return data;

      const [hosts, services] = await Promise.all([
        db
          .selectFrom("calcom_event_type_host as h")
          .leftJoin("calcom_member as m", (join) =>
            join
              .onRef("m.company_id", "=", "h.company_id")
              .onRef("m.calcom_user_id", "=", "h.calcom_user_id"),
          )
          .leftJoin("host_mapping as hm", (join) =>
            join
              .onRef("hm.company_id", "=", "h.company_id")
              .onRef("hm.calcom_user_id", "=", "h.calcom_user_id"),
          )
          .leftJoin("staff as st", (join) =>
            join.onRef("st.company_id", "=", "hm.company_id").onRef("st.id", "=", "hm.staff_id"),
          )
          .select([
            "h.calcom_user_id",
            "h.name as host_name",
            "h.username as host_username",
            "h.avatar_url as host_avatar_url",
            "h.mandatory",
            "m.calcom_user_id as m_user_id",
            "m.name as m_name",
            "m.username as m_username",
            "m.avatar_url as m_avatar_url",
            "m.email as m_email",
            "m.role as m_role",
            "m.accepted as m_accepted",
            "m.removed_at as m_removed_at",
            "hm.staff_id",
            "hm.status as hm_status",
            "hm.source as hm_source",
            "hm.confidence as hm_confidence",
            "hm.reason_code as hm_reason_code",
            "hm.reason_text as hm_reason_text",
            "hm.updated_at as hm_updated_at",
            "st.name as st_name",
            "st.email as st_email",
            "st.active as st_active",
          ])
          .where("h.company_id", "=", companyId)
          .where("h.event_type_id", "=", eventTypeId)
          .where("h.removed_at", "is", null)
          .orderBy("h.calcom_user_id")
          .execute(),
        db
          .selectFrom("calcom_event_type_host as h")
          .innerJoin("service as s", (join) =>
            join
              .onRef("s.company_id", "=", "h.company_id")
              .onRef("s.calcom_event_type_id", "=", "h.event_type_id"),
          )
          .select(["h.calcom_user_id", "s.id", "s.name", "s.duration_minutes"])
          .where("h.company_id", "=", companyId)
          .where("h.removed_at", "is", null)
          .where("s.active", "=", true)
          .where("h.calcom_user_id", "in", (eb) =>
            eb
              .selectFrom("calcom_event_type_host")
              .select("calcom_user_id")
              .where("company_id", "=", companyId)
              .where("event_type_id", "=", eventTypeId)
              .where("removed_at", "is", null),
          )
          .execute(),
      ]);

      data.hosts = hosts.map((h) => ({
        calcomUserId: h.calcom_user_id,
        name: h.m_name || h.host_name || null,
        username: h.m_username || h.host_username || null,
        avatarUrl: h.m_avatar_url || h.host_avatar_url || null,
        mandatory: Boolean(h.mandatory),
        member:
          h.m_user_id === null
            ? null
            : {
                email: h.m_email,
                role: h.m_role ?? "MEMBER",
                accepted: Boolean(h.m_accepted),
                removed: h.m_removed_at !== null,
              },
        mapping:
          h.staff_id === null
            ? null
            : {
                staffId: h.staff_id,
                status: h.hm_status as MappingStatus,
                source: h.hm_source as MappingSource,
                confidence: h.hm_confidence ?? 0,
                reasonCode: h.hm_reason_code ?? "",
                reasonText: h.hm_reason_text ?? "",
                updatedAt: h.hm_updated_at ?? "",
              },
        staff:
          h.staff_id === null || h.st_name === null
            ? null
            : { id: h.staff_id, name: h.st_name, email: h.st_email, active: Boolean(h.st_active) },
      }));
      data.servicesByHost = services.map((s) => ({
        calcomUserId: s.calcom_user_id,
        serviceId: s.id,
        name: s.name,
        durationMinutes: s.duration_minutes,
      }));
      return data;
    },
  };
}
