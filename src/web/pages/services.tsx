import type { CalcomEventType } from "../../domain/entities.ts";
import type { ServiceCoverage } from "../../features/service/list-service-coverage.ts";
import { Badge, CsrfField, ErrorNotice, ListTable, PageHeader, type Tone } from "../components.tsx";
import { paths, type Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { BookabilityBadges } from "./bookability.tsx";

/** Green when every host is mapped, amber from half, red below (the seed's coverage colours). */
function coverageTone(c: ServiceCoverage): Tone {
  if (c.state !== "ok") return c.state === "no_event_type" ? "muted" : "warn";
  const share = c.mapped / c.hosts;
  return share === 1 ? "ok" : share >= 0.5 ? "warn" : "danger";
}

export function ServicesPage(props: {
  ui: Ui;
  services: ServiceCoverage[];
  /** The company's mirrored event types no service books into. */
  unused: CalcomEventType[];
  /** A refused "Create service", shown above the list it came from. */
  error?: unknown;
}) {
  const { ui } = props;
  const { t } = ui;
  const links = paths.company(ui.company!.id);
  return (
    <Layout ui={ui} title={t.services.title}>
      <PageHeader title={t.services.title} intro={t.services.intro} />
      <ListTable
        count={props.services.length}
        empty={t.services.empty}
        headers={[
          t.services.service,
          t.services.duration,
          t.services.eventType,
          t.services.coverage,
        ]}
      >
        {props.services.map((c) => (
          <tr>
            <td data-label={t.services.service}>
              <a class="strong" href={links.service(c.service.id)}>
                {c.service.name}
              </a>
              {!c.service.active && <Badge tone="muted">{t.common.inactive}</Badge>}
            </td>
            <td data-label={t.services.duration}>{t.common.minutes(c.service.durationMinutes)}</td>
            <td data-label={t.services.eventType}>
              {c.service.calcomEventTypeId === null
                ? t.common.none
                : `${c.eventTypeTitle ?? ""} #${c.service.calcomEventTypeId}`}
            </td>
            <td data-label={t.services.coverage}>
              <span class="coverage">
                <Badge tone={coverageTone(c)}>
                  {c.state === "ok" ? t.services.hostsMapped(c.mapped, c.hosts) : t.states[c.state]}
                </Badge>
                {c.suggested > 0 && <Badge tone="info">{t.services.toReview(c.suggested)}</Badge>}
                {c.service.bookability && (c.state === "ok" || c.state === "no_hosts") && (
                  <BookabilityBadges
                    ui={ui}
                    problems={c.service.bookability.problems}
                    notices={c.service.bookability.notices}
                    fixedHosts={c.fixedHosts}
                  />
                )}
              </span>
            </td>
          </tr>
        ))}
      </ListTable>
      <section class="panel" id="unused-event-types" aria-labelledby="unused-title">
        <h2 id="unused-title">{t.services.unusedTitle}</h2>
        {props.error !== undefined && <ErrorNotice t={t} error={props.error} />}
        <p class="muted">{t.services.unusedIntro}</p>
        <ListTable
          count={props.unused.length}
          empty={t.services.unusedEmpty}
          headers={[t.services.eventType, t.services.length, ""]}
        >
          {props.unused.map((e) => (
            <tr>
              <td data-label={t.services.eventType}>
                <span class="strong">{e.title}</span> <span class="muted">#{e.eventTypeId}</span>
              </td>
              <td data-label={t.services.length}>{t.common.minutes(e.lengthInMinutes)}</td>
              <td>
                <form method="post" action={links.services} class="inline-form">
                  <CsrfField token={ui.csrf} />
                  <input type="hidden" name="eventTypeId" value={String(e.eventTypeId)} />
                  <button
                    type="submit"
                    class="btn btn-small btn-primary"
                    aria-label={t.services.createFor(e.title)}
                  >
                    {t.services.create}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
    </Layout>
  );
}
