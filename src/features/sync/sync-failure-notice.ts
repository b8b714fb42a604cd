import type { Locale } from "../../domain/entities.ts";

/** What went wrong with one company's scheduled sync, as its failure notice tells it. */
export interface SyncFailureFacts {
  company: { name: string; locale: Locale; timezone: string };
  status: "failed" | "partial";
  error: string | null;
  runId: string | null;
  /** ISO time of the last successful sync, null when there was none. */
  lastSuccessAt: string | null;
  consoleUrl: string;
}

/** The mail (and webhook text) about a failed or incomplete sync, in the company's language. */
export function syncFailureNotice(facts: SyncFailureFacts): { subject: string; text: string } {
  const { company } = facts;
  const t = texts[company.locale];
  const lastSuccess = facts.lastSuccessAt
    ? `${formatTime(facts.lastSuccessAt, company.locale, company.timezone)} (${company.timezone})`
    : t.never;
  const lines = [
    t.intro(company.name, facts.status),
    "",
    `${t.error}: ${facts.error ?? t.noError}`,
    `${t.lastSuccess}: ${lastSuccess}`,
    ...(facts.runId ? [`${t.run}: ${facts.runId}`] : []),
    `${t.console}: ${facts.consoleUrl}`,
    "",
    t.keep,
  ];
  return { subject: t.subject(company.name, facts.status), text: `${lines.join("\n")}\n` };
}

const texts: Record<
  Locale,
  {
    subject: (name: string, status: "failed" | "partial") => string;
    intro: (name: string, status: "failed" | "partial") => string;
    error: string;
    noError: string;
    lastSuccess: string;
    never: string;
    run: string;
    console: string;
    keep: string;
  }
> = {
  de: {
    subject: (name, status) =>
      `Frontdesk: Cal.com-Synchronisierung für ${name} ${status === "failed" ? "fehlgeschlagen" : "unvollständig"}`,
    intro: (name, status) =>
      `Die geplante Cal.com-Synchronisierung für ${name} ${status === "failed" ? "ist fehlgeschlagen" : "wurde nur teilweise abgeschlossen"}.`,
    error: "Fehler",
    noError: "keine Angabe",
    lastSuccess: "Letzte erfolgreiche Synchronisierung",
    never: "noch keine",
    run: "Lauf",
    console: "Konsole",
    keep: "Team-Daten und Zuordnungen bleiben, wie sie waren, bis eine Synchronisierung gelingt.",
  },
  en: {
    subject: (name, status) =>
      `Frontdesk: Cal.com sync for ${name} ${status === "failed" ? "failed" : "incomplete"}`,
    intro: (name, status) =>
      `The scheduled Cal.com sync for ${name} ${status === "failed" ? "failed" : "completed only in part"}.`,
    error: "Error",
    noError: "not given",
    lastSuccess: "Last successful sync",
    never: "none yet",
    run: "Run",
    console: "Console",
    keep: "Team data and mappings stay as they were until a sync succeeds.",
  },
};

function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "de" ? "de-DE" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}
