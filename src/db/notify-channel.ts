import { type Kysely, sql } from "kysely";
import pg from "pg";
import type { Logger } from "../platform/logger.ts";
import type { DB } from "./tables.ts";

/** The PostgreSQL channel every instance over one database listens on. */
export const invalidationChannel = "frontdesk_invalidate";

/**
 * What one instance tells the others, after its change committed. Small on purpose (a NOTIFY
 * payload is limited to 8000 bytes): which company, and what changed, never the data itself.
 */
export type InstanceMessage =
  /** Routing, company rows (webhook secrets, Retell agents) or services were written. */
  | { kind: "directory"; companyId: string | null; what: string }
  /** A console live page's topic changed (the change feed). */
  | { kind: "change"; companyId: string; topic: string };

export interface InstanceChannel {
  /** Sends a message to every other instance; resolves once sent (a failure is logged). */
  send(message: InstanceMessage): Promise<void>;
  /** Called for each message another instance sent. */
  onMessage(handler: (message: InstanceMessage) => void): void;
  /**
   * Called whenever the listening connection is lost and again once it is back: what was
   * missed in between is unknown, so caches are emptied both times.
   */
  onResync(handler: () => void): void;
  /** Whether other instances' messages are heard right now; while not, caches are bypassed. */
  listening(): boolean;
  /** Connects and LISTENs; resolves once listening (later drops reconnect on their own). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface InstanceChannelOptions {
  /** Where the listening connection goes (the application's database). */
  connectionString: string;
  /** Sends go through the application's pool, so a send never waits for the listener. */
  db: Kysely<DB>;
  /** Tells this instance's own messages apart: they come back to it too. */
  origin: string;
  logger: Logger;
  channel?: string;
  /** Waits between reconnect attempts: doubled from `min` up to `max` (ms). */
  backoff?: { min: number; max: number };
}

/**
 * PostgreSQL LISTEN/NOTIFY between the instances sharing a database. One dedicated client per
 * process listens; when its connection drops it reconnects with backoff, and caches are emptied
 * on the drop and again on the reconnect (and bypassed in between) so nothing stale is served.
 */
export function createInstanceChannel(options: InstanceChannelOptions): InstanceChannel {
  const channel = options.channel ?? invalidationChannel;
  const backoff = options.backoff ?? { min: 100, max: 5_000 };
  const { logger, origin } = options;
  const handlers: ((message: InstanceMessage) => void)[] = [];
  const resyncs: (() => void)[] = [];
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let wait = backoff.min;

  const resync = () => {
    for (const handler of resyncs) handler();
  };
  const receive = (payload: string | undefined) => {
    let parsed: { origin?: string; message?: InstanceMessage };
    try {
      parsed = JSON.parse(payload ?? "");
    } catch {
      logger.warn({ channel, payload }, "an unreadable message on the instance channel");
      return;
    }
    if (parsed.origin === origin || !parsed.message) return;
    for (const handler of handlers) {
      try {
        handler(parsed.message);
      } catch (error) {
        logger.error({ err: error, channel }, "an instance message handler failed");
      }
    }
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      // Names the connection in pg_stat_activity (an operator sees who listens).
      application_name: `frontdesk listener ${origin}`.slice(0, 63),
    });
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = null;
      next.removeAllListeners();
      next.on("error", () => {});
      void next.end().catch(() => {});
      if (closed) return;
      connected = false;
      resync();
      logger.warn(
        { err: error, channel, retryInMs: wait },
        "the instance channel lost its connection; caches are bypassed until it is back",
      );
      scheduleRetry();
    };
    next.on("error", lost);
    next.on("end", () => lost());
    next.on("notification", (n) => {
      if (n.channel === channel) receive(n.payload);
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      lost(error as Error);
      throw error;
    }
    if (client !== next) return;
    // Whatever changed while nobody listened is unknown: start over from the database.
    resync();
    connected = true;
    wait = backoff.min;
  };
  const scheduleRetry = () => {
    clearTimeout(retryTimer);
    const delay = wait;
    wait = Math.min(wait * 2, backoff.max);
    retryTimer = setTimeout(() => {
      if (closed || client) return;
      connect().catch(() => {});
    }, delay);
    retryTimer.unref();
  };

  return {
    async send(message) {
      try {
        const payload = JSON.stringify({ origin, message });
        await sql`select pg_notify(${channel}, ${payload})`.execute(options.db);
      } catch (error) {
        logger.error(
          { err: error, channel, message },
          "could not tell the other instances of a change; they see it when their cache expires",
        );
      }
    },
    onMessage: (handler) => void handlers.push(handler),
    onResync: (handler) => void resyncs.push(handler),
    listening: () => connected,
    start: () => connect(),
    async close() {
      closed = true;
      connected = false;
      clearTimeout(retryTimer);
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners();
        current.on("error", () => {});
        await current.end().catch(() => {});
      }
    },
  };
}
