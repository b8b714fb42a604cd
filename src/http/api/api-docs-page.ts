import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Doc = ReturnType<import("@hono/zod-openapi").OpenAPIHono["getOpenAPI31Document"]>;
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
};

const methods = ["get", "post", "put", "patch", "delete"] as const;
const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The API reference as one server-rendered page built from the OpenAPI document itself: no
 * script and nothing from a CDN (the console's content security policy allows neither).
 */
export function apiDocsPage(doc: Doc): HtmlEscapedString | Promise<HtmlEscapedString> {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const op = (item as Record<string, Operation | undefined>)[method];
      return op ? [{ path, method, op }] : [];
    }),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags?.[0] ?? "other"))];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${doc.info.title} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2430}
h2{border-bottom:1px solid #ccd;margin-top:2.5rem}
details{border:1px solid #dde;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer}
code.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
pre{background:#f4f5f8;padding:.6rem;overflow:auto;font-size:13px}
</style>
</head>
<body>
<h1>${doc.info.title} <small>v${doc.info.version}</small></h1>
<p>${doc.info.description ?? ""}</p>
<p>Every request sends <code>Authorization: Bearer &lt;token&gt;</code>. Errors are problem details
(RFC 9457). The machine-readable document: <a href="openapi.json">openapi.json</a>.</p>
${tags.map(
  (tag) => html`<h2 id="${tag}">${tag}</h2>
${operations
  .filter((o) => (o.op.tags?.[0] ?? "other") === tag)
  .map(
    ({ path, method, op }) => html`<details>
<summary><code class="m">${method}</code> <code>${path}</code> — ${op.summary ?? ""}</summary>
${op.description ? html`<p>${op.description}</p>` : ""}
${
  op.parameters?.length
    ? html`<h4>Parameters</h4><ul>${op.parameters.map(
        (p) =>
          html`<li><code>${p.name}</code> (${p.in}${p.required ? ", required" : ""}) ${p.description ?? ""}</li>`,
      )}</ul>`
    : ""
}
${
  op.requestBody?.content
    ? html`<h4>Body</h4>${Object.entries(op.requestBody.content).map(
        ([type, media]) => html`<p><code>${type}</code></p><pre>${json(media.schema)}</pre>`,
      )}`
    : ""
}
<h4>Responses</h4><ul>${Object.entries(op.responses ?? {}).map(
      ([status, r]) => html`<li><b>${status}</b> ${r.description ?? ""}</li>`,
    )}</ul>
</details>`,
  )}`,
)}
${raw("")}
</body>
</html>`;
}
