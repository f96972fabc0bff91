/**
 * The API reference as one server-rendered HTML page, from the OpenAPI document: no scripts at
 * all, one style element carrying the request's CSP nonce. Every text is escaped.
 */

import { PROBLEM_WORDS } from "./openapi.ts";
import { problemTitle } from "./problem.ts";

type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** Inline `code` in descriptions, the only markdown the document uses. */
const text = (s: unknown) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");

const pre = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#0f172a}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:1px solid #cbd5e1}h3{margin-top:1.8rem;font-family:ui-monospace,monospace;font-size:1rem}
.m{display:inline-block;min-width:4.5em;padding:0 .4em;border-radius:4px;background:#e2e8f0;font-weight:700}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #e2e8f0;padding:.25rem .5rem;text-align:left;vertical-align:top}
pre{background:#f1f5f9;padding:.5rem;overflow:auto;font-size:12px;max-height:28rem}code{font-family:ui-monospace,monospace}`;

function operationHtml(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const responses = (op.responses as Record<string, Json> | undefined) ?? {};
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  return `<section id="${esc(op.operationId)}"><h3><span class="m">${esc(method.toUpperCase())}</span> ${esc(path)}</h3>
<p><strong>${text(op.summary)}</strong></p>${op.description ? `<p>${text(op.description)}</p>` : ""}
${
  params.length
    ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr></thead><tbody>${params
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td><td>${text(p.description)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : ""
}
${body ? `<details><summary>Request body (JSON)</summary>${pre(body["application/json"]?.schema)}</details>` : ""}
<table><thead><tr><th>status</th><th>meaning</th></tr></thead><tbody>${Object.entries(responses)
    .map(([status, r]) => {
      const content = r.content as Record<string, Json> | undefined;
      const [type, media] = Object.entries(content ?? {})[0] ?? [];
      return `<tr id="${esc(`${op.operationId}-${status}`)}"><td>${esc(status)}</td><td>${text(r.description)}${
        type ? ` · <code>${esc(type)}</code>` : ""
      }${media && status.startsWith("2") ? `<details><summary>schema</summary>${pre(media.schema)}</details>` : ""}</td></tr>`;
    })
    .join("")}</tbody></table></section>`;
}

/** The whole page. `nonce` is the request's CSP nonce (proxy.ts). */
export function apiDocsHtml(doc: Json, nonce: string | null): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = ((op.tags as string[] | undefined) ?? ["other"])[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(path, method, op)]);
    }
  }
  const schemas = ((doc.components as Json).schemas ?? {}) as Record<string, unknown>;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} reference</title><style${nonce ? ` nonce="${esc(nonce)}"` : ""}>${STYLE}</style></head><body>
<h1>${esc(info.title)} (v${esc(info.version)})</h1><p>${text(info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). The <code>kaas</code> CLI
(<code>npx kaas --help</code>) speaks this API.</p>
<h2>Problems</h2><p>Every error is <code>application/problem+json</code>: <code>type</code>, <code>title</code>, <code>status</code>,
<code>detail</code> (for people) and <code>errors</code> (<code>[{path, message}]</code> per request field).</p>
<table><thead><tr><th>status</th><th>title</th><th>when</th></tr></thead><tbody>${Object.entries(
    PROBLEM_WORDS,
  )
    .map(
      ([s, words]) =>
        `<tr id="problem-${esc(s)}"><td><code>${esc(s)}</code></td><td>${esc(problemTitle(Number(s)))}</td><td>${text(words)}</td></tr>`,
    )
    .join("")}</tbody></table>
${[...byTag.entries()].map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops.join("")}`).join("")}
<h2>Schemas</h2>${Object.entries(schemas)
    .map(([name, s]) => `<h3 id="schema-${esc(name)}">${esc(name)}</h3>${pre(s)}`)
    .join("")}
</body></html>`;
}
