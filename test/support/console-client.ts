import type { Hono } from "hono";

/**
 * A browser-like client of the console for in-process tests: keeps cookies, reads the CSRF
 * token from the last page, follows nothing (tests look at redirects themselves).
 */
export function consoleClient(
  http: Hono,
  origin = "http://console.test",
  defaultHeaders: Record<string, string> = {},
  /** What @hono/node-server would pass as the env, e.g. the socket's remote address. */
  env?: unknown,
) {
  const jar = new Map<string, string>();
  let csrf = "";

  async function request(
    method: string,
    path: string,
    options: { form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...defaultHeaders, ...options.headers };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (options.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(options.form)) {
        for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      }
      body = params.toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await http.request(`${origin}${path}`, { method, headers, body }, env);
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0/i.test(a)) || value === "";
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  async function page(path: string, headers: Record<string, string> = {}) {
    const res = await request("GET", path, { headers });
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) csrf = token;
    return { status: res.status, html, res };
  }

  return {
    jar,
    request,
    page,
    get csrf() {
      return csrf;
    },
    /** A form post with the current CSRF token (override `_csrf` to test refusals). */
    async post(
      path: string,
      form: Record<string, string | string[]> = {},
      headers: Record<string, string> = {},
    ) {
      const res = await request("POST", path, { form: { _csrf: csrf, ...form }, headers });
      return { status: res.status, html: await res.text(), res };
    },
    async login(email: string, password: string) {
      await page("/admin/login");
      const res = await request("POST", "/admin/login", {
        form: { _csrf: csrf, email, password },
      });
      await res.text();
      return res;
    },
  };
}

export type ConsoleClient = ReturnType<typeof consoleClient>;
