import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChangeTopic } from "../../domain/ports/change-feed.ts";
import { type ConsoleAppDeps, type ConsoleEnv, tenantOf } from "../context.ts";

/** Open streams one session may hold: a few tabs; a runaway script cannot pin the server. */
export const maxStreamsPerSession = 4;
/** A comment this often keeps proxies from closing a quiet stream (they give up after 30–60 s). */
export const heartbeatMs = 25_000;

/**
 * The company's change feed as server-sent events, behind the session and the tenant check like
 * every company route: an event's name and data are the topic, nothing more; the page then
 * fetches its fragment through the normal route, which checks access again.
 */
export function eventRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  /** Open streams per session, keyed by its CSRF token (only that session holds it). */
  const open = new Map<string, number>();

  app.get("/events", (c) => {
    const session = c.get("viewer").csrfToken;
    const streams = open.get(session) ?? 0;
    if (streams >= maxStreamsPerSession)
      return c.text("Too many open event streams for this session.", 429);
    open.set(session, streams + 1);
    const ctx = tenantOf(c);
    const signal = c.req.raw.signal;

    return streamSSE(c, async (stream) => {
      // Writes in order; a topic already waiting to be written is not queued twice.
      let writes = Promise.resolve();
      const waiting = new Set<ChangeTopic>();
      const send = (topic: ChangeTopic) => {
        if (waiting.has(topic)) return;
        waiting.add(topic);
        writes = writes.then(() => {
          waiting.delete(topic);
          return stream.writeSSE({ event: topic, data: topic });
        });
      };
      let finish = () => {};
      const ended = new Promise<void>((resolve) => {
        finish = resolve;
      });
      // The server shutting down ends the stream, so it does not wait out the drain timeout.
      const unsubscribe = deps.useCases.company.watchChanges(ctx, send, () => finish());
      const heartbeat = setInterval(() => {
        writes = writes.then(() => stream.write(": heartbeat\n\n").then(() => {}));
      }, heartbeatMs);
      try {
        // The reconnection delay, and a first byte so that the browser sees the stream open.
        await stream.write("retry: 5000\n: connected\n\n");
        // Ends when the client goes away: the response is cancelled or the request aborted.
        await new Promise<void>((resolve) => {
          if (signal.aborted || stream.aborted) return resolve();
          stream.onAbort(resolve);
          signal.addEventListener("abort", () => resolve(), { once: true });
          ended.then(resolve);
        });
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
        const left = (open.get(session) ?? 1) - 1;
        if (left > 0) open.set(session, left);
        else open.delete(session);
      }
    });
  });
}
