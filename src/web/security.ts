import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { tokensEqual } from "../features/console/session-token.ts";

/**
 * Cookies and request checks of the console. The session cookie is HttpOnly and SameSite=Lax,
 * and Secure (with the __Host- prefix, which also pins it to this host and path /) whenever the
 * console is reached over HTTPS.
 */

export function isSecure(c: Context, publicUrl: string | undefined): boolean {
  return (
    new URL(c.req.url).protocol === "https:" ||
    c.req.header("x-forwarded-proto") === "https" ||
    (publicUrl?.startsWith("https:") ?? false)
  );
}

const sessionCookie = (secure: boolean) => (secure ? "__Host-fd_session" : "fd_session");
const loginCsrfCookie = (secure: boolean) => (secure ? "__Host-fd_login" : "fd_login");
export const themeCookie = "fd_theme";

export function readSessionToken(c: Context, secure: boolean): string | undefined {
  return getCookie(c, sessionCookie(secure));
}

export function setSessionCookie(c: Context, token: string, expiresAt: string, secure: boolean) {
  setCookie(c, sessionCookie(secure), token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context, secure: boolean) {
  deleteCookie(c, sessionCookie(secure), { path: "/", secure });
}

/** The login form has no session yet: its CSRF token is a double-submit cookie. */
export function loginCsrf(c: Context, secure: boolean, fresh: () => string): string {
  const existing = getCookie(c, loginCsrfCookie(secure));
  if (existing) return existing;
  const token = fresh();
  setCookie(c, loginCsrfCookie(secure), token, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure,
    maxAge: 60 * 60,
  });
  return token;
}

export function loginCsrfMatches(c: Context, secure: boolean, submitted: string | undefined) {
  const expected = getCookie(c, loginCsrfCookie(secure));
  return Boolean(expected && submitted && tokensEqual(expected, submitted));
}

/** Form fields, each name with all its values (checkbox lists); parsed once per request. */
export interface FormData {
  get(name: string): string | undefined;
  all(name: string): string[];
  keys(): string[];
}

export async function readForm(c: Context): Promise<FormData> {
  const type = c.req.header("content-type") ?? "";
  const body =
    type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")
      ? await c.req.parseBody({ all: true })
      : {};
  const values = (name: string) => {
    const v = body[name];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
      (x): x is string => typeof x === "string",
    );
  };
  return { get: (name) => values(name)[0], all: values, keys: () => Object.keys(body) };
}

/** Every state-changing request carries the session's token: in the X-CSRF-Token header (htmx) or the _csrf field. */
export async function csrfMatches(c: Context, expected: string): Promise<boolean> {
  const submitted = c.req.header("x-csrf-token") ?? (await readForm(c)).get("_csrf");
  return Boolean(submitted && tokensEqual(submitted, expected));
}

export const isHtmx = (c: Context) => c.req.header("hx-request") === "true";

/** No framing, no sniffing, no third-party scripts or styles, nothing cached. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
  c.header("X-Frame-Options", "DENY");
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
};
