import { z } from "zod";
import { PROBLEM_STATUSES } from "./problem.ts";
import type { ApiRoute } from "./route.ts";
import { problemSchema } from "./schemas.ts";

type Json = Record<string, unknown>;

/** Every operation answers these besides its own. */
const ALWAYS = [401, 429, 500];

/** What each problem status means in this API (the reference page lists them too). */
export const PROBLEM_WORDS: Record<number, string> = {
  400: "malformed request (JSON, cursor, Idempotency-Key)",
  401: "no valid session or token",
  403: "refused: your role, the token's cap, or the API server",
  404: "no such team or object for you (a team you are not in answers 404 too)",
  409: "the object's state does not allow it (being deleted, changed concurrently)",
  412: "the cluster changed since the fingerprint in If-Match",
  415: "the body is not application/json",
  422: "invalid input (see `errors`), or refused (quota, webhook, nothing to change)",
  428: "If-Match is required",
  429: "too many changes: retry after `Retry-After` seconds",
  500: "the console failed",
  502: "the management cluster did not answer",
};

/** Moves a generated schema's `$defs` into the document's components and points its refs there. */
function hoist(schema: Json, components: Json): Json {
  const { $defs, $schema: _dialect, ...rest } = schema as Json & { $defs?: Record<string, Json> };
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v as Json).map(([k, x]) => [
          k,
          k === "$ref" && typeof x === "string"
            ? x.replace(/^#\/\$defs\//, "#/components/schemas/")
            : rewrite(x),
        ]),
      );
    }
    return v;
  };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] = rewrite(def);
  return rewrite(rest) as Json;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  return hoist(z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json, components);
}

/** A request body's schema without the fields the path or headers fill in. */
function bodySchema(route: ApiRoute, components: Json): Json | null {
  if (!route.body) return null;
  const s = jsonSchema(route.body, "input", components);
  const drop = new Set([...Object.keys(route.params?.shape ?? {}), ...(route.hidden ?? [])]);
  const props = { ...((s.properties as Json | undefined) ?? {}) };
  for (const k of drop) delete props[k];
  const required = ((s.required as string[] | undefined) ?? []).filter((k) => !drop.has(k));
  return { ...s, properties: props, required };
}

function parameters(route: ApiRoute, components: Json): Json[] {
  const out: Json[] = [];
  for (const [where, obj] of [
    ["path", route.params],
    ["query", route.query],
  ] as const) {
    for (const [name, field] of Object.entries(obj?.shape ?? {})) {
      const schema = jsonSchema(field as z.ZodType, "input", components);
      const { description, ...rest } = schema;
      out.push({
        name,
        in: where,
        required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  for (const h of route.headers ?? []) {
    out.push({
      name: h.name,
      in: "header",
      required: h.required,
      description: h.description,
      schema: { type: "string" },
    });
  }
  return out;
}

function operation(route: ApiRoute, components: Json): Json {
  const responses: Json = {};
  const content = (schema: z.ZodType, type = "application/json") => ({
    [type]: { schema: jsonSchema(schema, "output", components) },
  });
  const okHeaders = Object.fromEntries(
    (route.okHeaders ?? []).map((h) => [
      h,
      {
        description: h === "ETag" ? "the topology fingerprint, quoted" : "the new object's URL",
        schema: { type: "string" },
      },
    ]),
  );
  responses[String(route.ok.status)] = {
    description: route.ok.description,
    ...(Object.keys(okHeaders).length ? { headers: okHeaders } : {}),
    content: content(route.ok.schema, route.ok.contentType),
  };
  if (route.dryRunOk) {
    const dry = {
      description: "dry run (`?dryRun=true`): nothing changed",
      content: content(route.dryRunOk),
    };
    const existing = responses["200"] as Json | undefined;
    responses["200"] = existing
      ? {
          description: `${existing.description}; or, with \`?dryRun=true\`, the dry run's verdict`,
          content: {
            "application/json": {
              schema: {
                anyOf: [
                  (existing.content as Json)["application/json"] as Json,
                  (dry.content as Json)["application/json"] as Json,
                ].map((c) => (c as Json).schema),
              },
            },
          },
        }
      : dry;
  }
  for (const status of [...new Set([...route.problems, ...ALWAYS])].sort()) {
    responses[String(status)] = {
      description: PROBLEM_WORDS[status] ?? "problem",
      ...(status === 429
        ? { headers: { "Retry-After": { description: "seconds", schema: { type: "string" } } } }
        : {}),
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  const body = bodySchema(route, components);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    parameters: parameters(route, components),
    ...(body ? { requestBody: { required: true, content: { "application/json": { schema: body } } } } : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the API, generated from the routes' own declarations and zod
 * schemas (the same the handlers validate with), so it cannot drift from what they accept.
 */
export function openApiDocument(routes: readonly ApiRoute[], extra: Record<string, Json> = {}): Json {
  const components: Json = {};
  // A schema with an id is generated as a ref to its hoisted self; only an inline one is stored here.
  const problem = jsonSchema(problemSchema, "output", components);
  if (!("$ref" in problem)) components.Problem = problem;
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path}`;
    paths[path] ??= {};
    (paths[path] as Json)[route.method.toLowerCase()] = operation(route, components);
  }
  for (const [path, item] of Object.entries(extra)) paths[path] = { ...(paths[path] ?? {}), ...item };
  if (PROBLEM_STATUSES.length === 0) throw new Error("no problem statuses");
  return {
    openapi: "3.1.0",
    info: {
      title: "KaaS Console API",
      version: "1",
      description:
        "Clusters of your teams, as the console's pages show and change them: the same checks, dry runs and audit. " +
        "Authenticate with `Authorization: Bearer …`: a personal access token (`kaas_pat_…`, from your team's settings) " +
        "or an OIDC access token of the console's identity provider for the API's audience (what `kaas login` gets " +
        "through the device authorization grant, see `GET /api/v1/auth/cli`); or the console's session cookie. " +
        "Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    tags: [
      { name: "auth", description: "Signing in from a terminal" },
      { name: "teams", description: "Teams you belong to" },
      { name: "clusters", description: "Cluster classes and clusters" },
      { name: "audit", description: "The team's audit log" },
      { name: "registry", description: "The team's registry: repositories and tags" },
      { name: "tokens", description: "Your personal access tokens" },
      { name: "live", description: "Live changes" },
      { name: "admin", description: "Platform administration: teams, quotas, groups, sessions" },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "a personal access token (kaas_pat_…) or an OIDC access token (JWT) for the API's audience",
        },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
      },
    },
  };
}
