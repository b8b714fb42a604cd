import type { Locale } from "../domain/entities.ts";

/** Dates and numbers as people in the company read them: its time zone, the user's language. */
export interface Formatter {
  dateTime(iso: string): string;
  duration(ms: number): string;
}

const intlLocale: Record<Locale, string> = { de: "de-DE", en: "en-GB" };

export function createFormatter(locale: Locale, timeZone: string): Formatter {
  const tag = intlLocale[locale];
  const dateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  });
  const seconds = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  return {
    dateTime: (iso) => dateTime.format(new Date(iso)),
    duration: (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${seconds.format(ms / 1000)} s`),
  };
}
