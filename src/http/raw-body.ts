import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { problemResponse } from "./problem.ts";

export type RawBodyVariables = { rawBody: string };

export interface RawBodyOptions {
  /**
   * The whole body must have arrived this many milliseconds after the handler started reading,
   * else `tooSlow` answers (default 408) and the connection is closed: a body that drips in a few
   * bytes at a time cannot hold a connection and a request's memory for minutes.
   */
  timeoutMs?: number;
  tooSlow?: (c: Context) => Response;
}

type ReadResult = { text: string } | "too_large" | "too_slow" | "aborted";

/**
 * Reads the request body once as text into `c.get("rawBody")` — signatures are checked on exactly
 * these bytes — and answers `tooLarge` past `maxBytes`. The size is counted as the bytes arrive
 * (a `content-length` is only believed when it already says too much), and the text is decoded
 * once at the end, so a letter split between two packets stays whole. Under @hono/node-server
 * the body comes straight from Node's stream: building a WHATWG Request just to read its text
 * cost more than the rest of a voice call. Elsewhere (`app.request` in tests) it is read through
 * the Request's stream with the same limits.
 */
export function rawBody<
  E extends { Variables: RawBodyVariables } = { Variables: RawBodyVariables },
>(
  maxBytes: number,
  tooLarge: (c: Context) => Response,
  options: RawBodyOptions = {},
): MiddlewareHandler<E> {
  const tooSlow =
    options.tooSlow ??
    ((c: Context) => problemResponse(c, 408, "timeout", "the body did not arrive in time"));
  return async (c, next) => {
    const declared = Number(requestHeader(c, "content-length"));
    if (declared > maxBytes) return tooLarge(c);
    const incoming = nodeRequest(c);
    const result = incoming
      ? await readStream(incoming, maxBytes, options.timeoutMs)
      : await readWeb(c.req.raw, maxBytes, options.timeoutMs);
    if (result === "too_large") return tooLarge(c);
    if (result === "too_slow" || result === "aborted") {
      // The rest of the body is never read: close the connection once the answer is out.
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      outgoing?.once("finish", () => incoming?.destroy());
      const res =
        result === "too_slow"
          ? tooSlow(c)
          : problemResponse(c, 400, "invalid_input", "the body ended early");
      res.headers.set("connection", "close");
      return res;
    }
    (c as unknown as Context<{ Variables: RawBodyVariables }>).set("rawBody", result.text);
    await next();
  };
}

/** The stream's bytes as UTF-8; stops reading once more than `maxBytes` arrive or time is up. */
function readStream(
  stream: IncomingMessage,
  maxBytes: number,
  timeoutMs: number | undefined,
): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            stop();
            stream.pause();
            resolve("too_slow");
          }, timeoutMs);
    const stop = () => {
      clearTimeout(timer);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("close", onClose);
      stream.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        // Drain the rest unread so the connection can carry the 413 and stay usable.
        stream.resume();
        resolve("too_large");
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve({ text: Buffer.concat(chunks, size).toString("utf8") });
    };
    // The sender went away before the end (or the stream broke): nothing to keep.
    const onClose = () => {
      stop();
      resolve("aborted");
    };
    const onError = () => {
      stop();
      resolve("aborted");
    };
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("close", onClose);
    stream.once("error", onError);
  });
}

/** The same for a WHATWG Request (no Node stream underneath). */
async function readWeb(
  request: Request,
  maxBytes: number,
  timeoutMs: number | undefined,
): Promise<ReadResult> {
  if (!request.body) return { text: "" };
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"too_slow">((resolve) => {
    if (timeoutMs !== undefined) timer = setTimeout(() => resolve("too_slow"), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), late]);
      if (next === "too_slow" || next.done) {
        if (next === "too_slow") {
          void reader.cancel().catch(() => {});
          return "too_slow";
        }
        return { text: Buffer.concat(chunks, size).toString("utf8") };
      }
      size += next.value.length;
      if (size > maxBytes) {
        void reader.cancel().catch(() => {});
        return "too_large";
      }
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
}

const nodeRequest = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

/**
 * One request header (lower-case name). Under Node it is read from the parsed message as is:
 * `c.req.header()` first copies every header into a WHATWG Headers object.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeRequest(c);
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
