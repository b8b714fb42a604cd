import type { HostMappingSnapshot, MappingAuditEntry } from "../../domain/entities.ts";
import type { AuditTrail } from "../../features/mappings/list-mapping-audit.ts";
import { Badge, FilterButtons, ListTable, PageHeader, type Tone } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

const actionTone: Record<MappingAuditEntry["action"], Tone> = {
  auto_mapped: "ok",
  suggested: "info",
  updated: "info",
  withdrawn: "muted",
  set: "ok",
  accepted: "ok",
  rejected: "danger",
  unset: "warn",
};

export function AuditPage(props: {
  ui: Ui;
  trail: AuditTrail;
  filter: { calcomUserId?: number; staffId?: string };
}) {
  const { ui, trail, filter } = props;
  const { t, fmt } = ui;
  const links = paths.company(ui.company!.id);
  const snapshot = (s: HostMappingSnapshot | null) =>
    s
      ? `${t.host.status[s.status]}: ${trail.staffNames.get(s.staffId) ?? s.staffId} (${s.confidence} %)`
      : t.audit.nothing;
  const actor = (e: MappingAuditEntry) =>
    e.actor.type === "user"
      ? (trail.userEmails.get(e.actor.userId) ?? t.audit.actors.deletedUser)
      : t.audit.actors[e.actor.type];
  const hosts = [...trail.hostNames].sort((a, b) => a[1].localeCompare(b[1]));
  const staff = [...trail.staffNames].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <Layout ui={ui} title={t.audit.title}>
      <PageHeader title={t.audit.title} intro={t.audit.intro} />
      <form method="get" action={links.audit} class="toolbar filters">
        <div class="field">
          <label for="audit-host">{t.audit.host}</label>
          <select id="audit-host" name="host">
            <option value="">{t.audit.anyHost}</option>
            {hosts.map(([id, name]) => (
              <option value={String(id)} selected={id === filter.calcomUserId}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-staff">{t.audit.staff}</label>
          <select id="audit-staff" name="staff">
            <option value="">{t.audit.anyStaff}</option>
            {staff.map(([id, name]) => (
              <option value={id} selected={id === filter.staffId}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <FilterButtons t={t} resetHref={links.audit} />
      </form>
      <ListTable
        count={trail.entries.length}
        empty={t.audit.empty}
        id="audit-table"
        headers={[
          t.audit.time,
          t.audit.host,
          t.audit.action,
          t.audit.change,
          t.audit.actor,
          t.audit.reason,
        ]}
      >
        {trail.entries.map((e) => (
          <tr>
            <td data-label={t.audit.time}>
              <time datetime={e.createdAt}>{fmt.dateTime(e.createdAt)}</time>
            </td>
            <td data-label={t.audit.host}>
              {trail.hostNames.get(e.calcomUserId) ?? `#${e.calcomUserId}`}
            </td>
            <td data-label={t.audit.action}>
              <Badge tone={actionTone[e.action]}>{t.audit.actions[e.action]}</Badge>
            </td>
            <td data-label={t.audit.change}>
              <span class="change">{`${snapshot(e.before)} → ${snapshot(e.after)}`}</span>
            </td>
            <td data-label={t.audit.actor}>{actor(e)}</td>
            <td data-label={t.audit.reason} class="reason">
              {e.reason ?? t.common.none}
            </td>
          </tr>
        ))}
      </ListTable>
    </Layout>
  );
}
