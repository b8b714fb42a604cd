import http from "node:http";
import https from "node:https";

/**
 * `fetch` on Node's own HTTP client, with kept-alive connections. Node 20's fetch (undici) cost
 * about 0.7 ms of CPU per request on our 2-core machines against 0.2 ms for node:http, and a
 * booking makes a Cal.com request and receives a webhook: that was a tenth of its CPU.
 *
 * It covers what our callers send — a URL, method, headers, a string or byte body, an
 * AbortSignal — and answers with a standard Response. Redirects are not followed (Cal.com's API
 * does not redirect; a webhook receiver must not be able to send us elsewhere). As with fetch, a
 * failed exchange rejects with `TypeError("fetch failed")` carrying the socket error as `cause`,
 * and an aborted one with the signal's reason.
 */
export function createNodeFetch(options: { maxSocketsPerOrigin?: number } = {}): typeof fetch {
  // Idle connections are closed after 4 s, before servers' usual 5 s keep-alive timeout, so a
  // request is not sent on a connection the server is closing (Node honours a shorter hint).
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSocketsPerOrigin ?? 64,
    timeout: 4_000,
  };
  const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };

  return (input, init = {}) => {
    if (typeof input !== "string" && !(input instanceof URL)) {
      return Promise.reject(new TypeError("nodeFetch takes a URL string or URL, not a Request"));
    }
    const url = typeof input === "string" ? new URL(input) : input;
    const protocol = url.protocol as keyof typeof agents;
    if (!(protocol in agents)) {
      return Promise.reject(new TypeError(`nodeFetch cannot fetch ${url.protocol} URLs`));
    }
    const body = init.body ?? null;
    if (body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
      return Promise.reject(new TypeError("nodeFetch sends only string or byte bodies"));
    }
    const signal = init.signal ?? null;
    if (signal?.aborted) return Promise.reject(signal.reason);

    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== null) headers["content-length"] = String(Buffer.byteLength(body));
    const method = (init.method ?? "GET").toUpperCase();

    return new Promise<Response>((resolve, reject) => {
      const request = (protocol === "https:" ? https : http).request(url, {
        method,
        headers,
        agent: agents[protocol],
      });
      const onAbort = () => request.destroy(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => signal?.removeEventListener("abort", onAbort);
      request.on("error", (error) => {
        settle();
        reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
      });
      request.on("response", (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", (error) => {
          settle();
          reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
        });
        incoming.on("end", () => {
          settle();
          const status = incoming.statusCode ?? 502;
          const pairs: [string, string][] = [];
          const raw = incoming.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
          const empty = method === "HEAD" || status === 204 || status === 205 || status === 304;
          try {
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), {
                status,
                statusText: incoming.statusMessage ?? "",
                headers: pairs,
              }),
            );
          } catch (cause) {
            // A status a Response cannot carry (below 200): not an answer we can use.
            reject(new TypeError("fetch failed", { cause }));
          }
        });
      });
      request.end(body ?? undefined);
    });
  };
}

/** One per process, so every Cal.com client reuses the same kept-alive connections. */
export const nodeFetch = createNodeFetch();
