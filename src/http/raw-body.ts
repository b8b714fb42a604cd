import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";

export type RawBodyVariables = { rawBody: string };

/**
 * Reads the request body once as text into `c.get("rawBody")` — signatures are checked on exactly
 * these bytes — and answers `tooLarge` past `maxBytes`. Under @hono/node-server the body comes
 * straight from Node's stream: building a WHATWG Request just to read its text cost more than the
 * rest of a voice call. Elsewhere (`app.request` in tests) it is read through the Request.
 */
export function rawBody(
  maxBytes: number,
  tooLarge: (c: Context) => Response,
): MiddlewareHandler<{ Variables: RawBodyVariables }> {
  return async (c, next) => {
    const declared = Number(requestHeader(c, "content-length"));
    if (declared > maxBytes) return tooLarge(c);
    const incoming = nodeRequest(c);
    const text = incoming ? await readStream(incoming, maxBytes) : await c.req.text();
    if (text === null || Buffer.byteLength(text) > maxBytes) return tooLarge(c);
    c.set("rawBody", text);
    await next();
  };
}

/** The stream's bytes as UTF-8, or null once more than `maxBytes` arrive. */
function readStream(stream: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stream.off("data", onData);
        // Drain the rest unread so the connection can carry the 413 and stay usable.
        stream.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    stream.on("data", onData);
    stream.once("end", () => resolve(Buffer.concat(chunks, size).toString("utf8")));
    stream.once("error", reject);
  });
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
