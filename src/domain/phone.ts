import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { memo } from "./memo.ts";

export type PhoneParseResult = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Reads a phone number as callers and spreadsheets write it ("030 1234567", "+49 30 1234567",
 * "0049 30 …") and returns E.164, the form calls are routed by.
 */
export const toE164: (input: string, country: string) => PhoneParseResult = memo(
  readE164,
  // libphonenumber's full metadata is slow to walk, and every request of a call carries the same
  // numbers; a value too long to be a number is not kept.
  (input, country) => (input.length <= 40 ? `${country}\u0000${input}` : null),
);

function readE164(input: string, country: string): PhoneParseResult {
  const raw = input.trim();
  if (raw === "") return { ok: false, message: "is empty" };
  const candidate = raw.startsWith("00") ? `+${raw.slice(2)}` : raw;
  const parsed = parsePhoneNumberFromString(candidate, country.toUpperCase() as CountryCode);
  if (!parsed?.isValid()) {
    return {
      ok: false,
      message: `"${raw}" is not a valid phone number for ${country.toUpperCase()}`,
    };
  }
  return { ok: true, e164: parsed.number };
}

/**
 * A stored E.164 number as people of the company's country write it: national for their own
 * country ("030 1234567"), international for any other (a national form would lose the country);
 * anything unreadable as it was given.
 */
export function formatPhone(e164: string, country: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === country.toUpperCase()
    ? parsed.formatNational()
    : parsed.formatInternational();
}
