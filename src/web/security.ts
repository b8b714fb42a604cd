import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { tokensEqual } from "../features/auth/session-token.ts";

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

/** The most a console request body may hold: forms are small, and nothing is parsed beyond it. */
export const consoleBodyLimit = 64 * 1024;

/**
 * Limits every request body before anything parses it: a stated Content-Length above `maxBytes`
 * is answered at once, and a body without one (chunked) is counted as it arrives and cut off —
 * the stream is cancelled, never buffered past `maxBytes`. What was read is handed on as the
 * request's body, so later parsing sees the same bytes.
 */
export function bodyLimit(
  maxBytes: number,
  tooLarge: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  return async (c, next) => {
    const declared = c.req.header("content-length");
    const refuse = async () => {
      const res = await tooLarge(c);
      // Nothing more of the body is parsed or kept. The Node adapter still reads and discards
      // what a client goes on sending (at most 64 MiB or 500 ms) before it closes the connection.
      res.headers.set("connection", "close");
      return res;
    };
    if (declared !== undefined && !(Number(declared) <= maxBytes)) return refuse();
    const body = c.req.raw.body;
    if (!body || c.req.method === "GET" || c.req.method === "HEAD") return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => {});
        return refuse();
      }
      chunks.push(value);
    }
    const bytes = Buffer.concat(chunks, size);
    const headers = new Headers(c.req.raw.headers);
    headers.delete("transfer-encoding");
    headers.set("content-length", String(size));
    c.req.raw = new Request(c.req.raw.url, {
      method: c.req.raw.method,
      headers,
      body: bytes,
      signal: c.req.raw.signal,
    });
    return next();
  };
}

/**
 * The client's address for the per-address login limit: the socket's remote address. Only when
 * that socket belongs to a proxy listed in TRUSTED_PROXY is X-Forwarded-For believed, and then
 * only its last entry that is not itself a trusted proxy (what our proxy saw); anyone can send
 * the header, so it is never read otherwise. Null when there is no socket (in-process requests).
 */
export function clientAddress(c: Context, trustedProxies: readonly string[] = []): string | null {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming?.socket?.remoteAddress;
  if (!socket) return null;
  const peer = normalizeAddress(socket);
  if (!trustedProxies.map(normalizeAddress).includes(peer)) return peer;
  const forwarded = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((a) => normalizeAddress(a.trim()))
    .filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i]!;
    if (!trustedProxies.map(normalizeAddress).includes(hop)) return hop.slice(0, 64);
  }
  return peer;
}

/** "::ffff:10.0.0.1" and "10.0.0.1" are one client. */
const normalizeAddress = (address: string) =>
  address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
