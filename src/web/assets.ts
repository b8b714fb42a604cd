import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Hono } from "hono";
import type { ConsoleEnv } from "./context.ts";

interface Asset {
  body: string;
  type: string;
  etag: string;
}

function load(path: string | URL, type: string): Asset {
  const body = readFileSync(path, "utf8");
  return { body, type, etag: `"${createHash("sha1").update(body).digest("base64url")}"` };
}

/** Styles, our script, htmx and its sse extension, read from disk once and served locally: no CDN. */
export function assetRoutes(app: Hono<ConsoleEnv>) {
  // A Map: a plain object would also "find" __proto__, constructor, toString …
  const assets = new Map<string, Asset>(
    Object.entries({
      "console.css": load(
        new URL("./assets/console.css", import.meta.url),
        "text/css; charset=utf-8",
      ),
      "console.js": load(
        new URL("./assets/console.js", import.meta.url),
        "text/javascript; charset=utf-8",
      ),
      "htmx.min.js": load(
        createRequire(import.meta.url).resolve("htmx.org/dist/htmx.min.js"),
        "text/javascript; charset=utf-8",
      ),
      // The live pages' server-sent events (pages/live.tsx).
      "htmx-ext-sse.js": load(
        createRequire(import.meta.url).resolve("htmx-ext-sse/dist/sse.min.js"),
        "text/javascript; charset=utf-8",
      ),
    }),
  );
  app.get("/assets/:name", (c) => {
    const asset = assets.get(c.req.param("name"));
    if (!asset) return c.text("not found", 404);
    c.header("Cache-Control", "public, max-age=3600, must-revalidate");
    c.header("ETag", asset.etag);
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
    return c.body(asset.body, 200, { "Content-Type": asset.type });
  });
}
