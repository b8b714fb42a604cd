import type { HostMappingSnapshot, MappingAuditEntry } from "../../domain/entities.ts";
import type { SettingsAuditTrail } from "../../features/company/list-settings-audit.ts";
import type { AuditTrail } from "../../features/mappings/list-mapping-audit.ts";
import {
  Badge,
  FilterButtons,
  ListTable,
  MatchReason,
  PageHeader,
  type Tone,
} from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { settingsLabels } from "./settings.tsx";

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
  settings: SettingsAuditTrail;
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
  // A person's change is said as such (its stored text names the user by id); the matching's by its code.
  const reason = (e: MappingAuditEntry) =>
    e.actor.type === "user" ? (
      t.matchReasons.manual
    ) : (
      <MatchReason t={t} code={(e.after ?? e.before)?.reasonCode} explanation={e.reason} />
    );
  const labels = settingsLabels(t);
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
              {reason(e)}
            </td>
          </tr>
        ))}
      </ListTable>
      <section class="panel" aria-labelledby="settings-audit-title">
        <h2 id="settings-audit-title">{t.audit.settingsTitle}</h2>
        <ListTable
          count={props.settings.entries.length}
          empty={t.audit.settingsEmpty}
          id="settings-audit-table"
          headers={[t.audit.time, t.audit.action, t.audit.actor]}
        >
          {props.settings.entries.map((e) => (
            <tr>
              <td data-label={t.audit.time}>
                <time datetime={e.at}>{fmt.dateTime(e.at)}</time>
              </td>
              <td data-label={t.audit.action}>
                {e.action === "webhook_secret_rotated"
                  ? t.audit.secretRotated
                  : t.audit.settingsChanged(
                      (e.fields ?? []).map((f) => labels[f as keyof typeof labels] ?? f).join(", "),
                    )}
              </td>
              <td data-label={t.audit.actor}>
                {e.actor.type === "user"
                  ? (props.settings.userEmails.get(e.actor.userId) ?? t.audit.actors.deletedUser)
                  : t.audit.actors[e.actor.type]}
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
    </Layout>
  );
}
