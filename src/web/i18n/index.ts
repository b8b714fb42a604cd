import type { Locale } from "../../domain/entities.ts";
import { de } from "./de.ts";
import { type Catalog, en } from "./en.ts";

export type { Catalog };

export const catalogs: Record<Locale, Catalog> = { de, en };

export const locales: readonly Locale[] = ["de", "en"];

export const isLocale = (v: unknown): v is Locale => v === "de" || v === "en";

/** The first of the browser's languages (by q-value) the console speaks, if any. */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag.split("-")[0]!.toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLocale) ?? null;
}
