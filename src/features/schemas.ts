import { z } from "zod";

/** Shared edge schemas: the same rules for CLI, HTTP API and console. */

export const slugSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "use lowercase letters, digits and single hyphens, like salon-beispiel",
  )
  .max(60);

export const timezoneSchema = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return tz.includes("/") || tz === "UTC";
    } catch {
      return false;
    }
  }, "is not an IANA time zone such as Europe/Berlin");

export const localeSchema = z.enum(["de", "en"]);

export const countrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, "use a two-letter country code such as DE")
  .transform((c) => c.toUpperCase());

export const calcomBaseUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://api.cal.com" })
  .transform((u) => u.replace(/\/+$/, "").replace(/\/v2$/, ""));

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "is not an email address" }));
