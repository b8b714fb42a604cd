import type { CustomerErasure } from "../../features/privacy/erase-customer.ts";
import type { CustomerExport } from "../../features/privacy/export-customer.ts";
import { CsrfField, ErrorNotice, ListTable, Notice, PageHeader } from "../components.tsx";
import type { Ui } from "../context.ts";
import { Layout } from "../layout.tsx";
import { privacyPaths } from "../routes/privacy-paths.ts";

interface StoredAppointment {
  id: string;
  startAt: string;
  status: string;
  attendeeName: string | null;
  attendeeEmail: string | null;
}

interface StoredCall {
  retellCallId: string;
  startedAt: string | null;
  fromNumber: string | null;
  toNumber: string | null;
}

/**
 * Caller data for company admins: look a caller up by phone (sent by POST, so the number is not
 * in any URL or access log), see what is stored, download it, and erase it after confirming by
 * typing the number again.
 */
export function PrivacyPage(props: {
  ui: Ui;
  phone?: string;
  found?: CustomerExport;
  erased?: CustomerErasure;
  error?: unknown;
  confirmMismatch?: boolean;
}) {
  const { ui, found } = props;
  const { t, fmt } = ui;
  const p = t.privacy;
  const links = privacyPaths(ui.company!.id);
  return (
    <Layout ui={ui} title={p.title}>
      <PageHeader title={p.title} intro={p.intro} />
      {props.error !== undefined && <ErrorNotice t={t} error={props.error} />}
      {props.erased &&
        (props.erased.erased ? (
          <Notice tone="ok" id="erase-result">
            {p.erased(
              props.erased.phone,
              props.erased.counts.appointments,
              props.erased.counts.calls,
              props.erased.counts.inboxEvents,
            )}
          </Notice>
        ) : (
          <Notice tone="info" id="erase-result">
            {p.nothingStored(props.erased.phone)}
          </Notice>
        ))}
      <form method="post" action={links.lookup} class="form" id="privacy-lookup">
        <CsrfField token={ui.csrf} />
        <label for="privacy-phone">{p.phone}</label>
        <input
          id="privacy-phone"
          name="phone"
          type="tel"
          required
          maxlength={40}
          autocomplete="off"
          value={props.phone ?? ""}
        />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">
            {p.lookUp}
          </button>
        </div>
      </form>
      {found && (
        <section id="privacy-found" aria-labelledby="privacy-found-title">
          <h2 id="privacy-found-title">{p.storedFor(found.phone)}</h2>
          {found.customer ? (
            <p>
              {p.customer}: <strong>{found.customer.name ?? t.common.none}</strong>
              {found.customer.email && <span class="muted"> · {found.customer.email}</span>}
            </p>
          ) : (
            <p class="muted">{p.noCustomer}</p>
          )}
          <h3>{p.appointments}</h3>
          <ListTable
            count={found.appointments.length}
            empty={p.none}
            headers={[p.start, p.status, p.attendee]}
          >
            {(found.appointments as StoredAppointment[]).map((a) => (
              <tr>
                <td data-label={p.start}>
                  <time datetime={a.startAt}>{fmt.dateTime(a.startAt)}</time>
                </td>
                <td data-label={p.status}>{a.status}</td>
                <td data-label={p.attendee}>
                  {a.attendeeName ?? t.common.none}
                  {a.attendeeEmail && <span class="muted small block">{a.attendeeEmail}</span>}
                </td>
              </tr>
            ))}
          </ListTable>
          <h3>{p.calls}</h3>
          <ListTable count={found.calls.length} empty={p.none} headers={[p.start, p.from, p.to]}>
            {(found.calls as StoredCall[]).map((call) => (
              <tr>
                <td data-label={p.start}>
                  {call.startedAt ? fmt.dateTime(call.startedAt) : t.common.none}
                </td>
                <td data-label={p.from}>{call.fromNumber ?? t.common.none}</td>
                <td data-label={p.to}>{call.toNumber ?? t.common.none}</td>
              </tr>
            ))}
          </ListTable>
          <p>{p.otherCounts(found.bookingAttempts.length, found.inboxEvents.length)}</p>
          <form method="post" action={links.export}>
            <CsrfField token={ui.csrf} />
            <input type="hidden" name="phone" value={found.phone} />
            <button type="submit" class="btn">
              {p.download}
            </button>
          </form>
          <form method="post" action={links.erase} class="form danger-zone" id="privacy-erase">
            <CsrfField token={ui.csrf} />
            <input type="hidden" name="phone" value={found.phone} />
            <h3>{p.eraseTitle}</h3>
            <p>{p.eraseExplain}</p>
            {props.confirmMismatch && <Notice tone="danger">{p.confirmMismatch}</Notice>}
            <label for="privacy-confirm">{p.confirmLabel(found.phone)}</label>
            <input
              id="privacy-confirm"
              name="confirm"
              type="text"
              required
              autocomplete="off"
              maxlength={40}
            />
            <div class="form-actions">
              <button type="submit" class="btn btn-danger">
                {p.erase}
              </button>
            </div>
          </form>
        </section>
      )}
    </Layout>
  );
}
