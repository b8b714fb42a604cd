import type {
  BookabilityNotice,
  BookabilityProblem,
  BookingProblem,
} from "../../domain/entities.ts";
import type { ServiceBookability } from "../../domain/service-hosts.ts";
import { Badge, Notice } from "../components.tsx";
import type { Ui } from "../context.ts";

/** "Not bookable by phone: <reasons>", or nothing when the event type can be booked. */
export function notBookableText(ui: Ui, problems: readonly BookabilityProblem[]): string | null {
  if (problems.length === 0) return null;
  return ui.t.bookability.notBookable(problems.map((p) => ui.t.bookability.problems[p]).join("; "));
}

/** The services list: a badge per finding, problems first. */
export function BookabilityBadges(props: {
  ui: Ui;
  problems: readonly BookabilityProblem[];
  notices: readonly BookabilityNotice[];
  fixedHosts: readonly string[];
}) {
  const { t } = props.ui;
  const blocked = notBookableText(props.ui, props.problems);
  return (
    <>
      {blocked && <Badge tone="danger">{blocked}</Badge>}
      {props.notices.includes("requires_confirmation") && (
        <Badge tone="info" title={t.bookability.requiresConfirmation}>
          {t.bookability.requiresConfirmationShort}
        </Badge>
      )}
      {props.notices.includes("mandatory_hosts") && (
        <Badge tone="info" title={t.bookability.fixedHostHelp}>
          {props.fixedHosts.length > 0
            ? t.bookability.fixedHost(props.fixedHosts.join(", "))
            : t.bookability.fixedHostBadge}
        </Badge>
      )}
    </>
  );
}

/** The service page: why the agent cannot book it and how to fix that, notices, the last refusal. */
export function BookabilityNotices(props: {
  ui: Ui;
  bookability: ServiceBookability | null;
  bookingProblem: BookingProblem | null;
}) {
  const { ui, bookability: b, bookingProblem } = props;
  const { t, fmt } = ui;
  const blocked = b ? notBookableText(ui, b.problems) : null;
  return (
    <div class="bookability" id="bookability">
      {b && blocked && (
        <Notice tone="danger">
          <strong>{blocked}</strong>
          <ul class="fixes">
            {b.problems.map((p) => (
              <li>{t.bookability.fixes[p]}</li>
            ))}
          </ul>
        </Notice>
      )}
      {b?.notices.includes("requires_confirmation") && (
        <Notice tone="info">{t.bookability.requiresConfirmation}</Notice>
      )}
      {b?.notices.includes("mandatory_hosts") && (
        <Notice tone="info">
          {`${
            b.fixedHosts.length > 0
              ? t.bookability.fixedHost(b.fixedHosts.join(", "))
              : t.bookability.fixedHostBadge
          }. ${t.bookability.fixedHostHelp}`}
        </Notice>
      )}
      {bookingProblem && (
        <Notice tone="warn">
          {`${t.bookability.lastProblem(fmt.dateTime(bookingProblem.at))} ${t.bookability.refusals[bookingProblem.code]}.`}
          {bookingProblem.message && <code class="error-detail">{bookingProblem.message}</code>}
        </Notice>
      )}
    </div>
  );
}
