import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/db/client.ts";
import { findIdempotentAnswer, storeIdempotentAnswer } from "@/db/queries/idempotency.ts";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import { currentUser } from "@/lib/auth/session.ts";
import { logger } from "@/lib/logger.ts";
import { PRIVATE, problem, problemOf } from "./problem.ts";

type Method = "GET" | "POST" | "PUT" | "DELETE";

/** What a route's handler gets: path parameters, query, parsed JSON body and the request's headers. */
export type ApiRequest = {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  dryRun: boolean;
  /** The `If-Match` value without quotes (or weak prefix), or null. */
  ifMatch: string | null;
  request: Request;
};

/** What a handler answers: the chain's result (mapped to JSON or a problem), or a response of its own. */
export type ApiOutcome = ActionResult<unknown> | { response: Response };

/**
 * One API operation: the adapter's input and, from the same declarations, its OpenAPI entry
 * (lib/api/openapi.ts). `params`, `query` and `body` are zod schemas; the body is the form's own
 * schema, with the path parameters (and `hidden` fields the adapter fills) left out of the document.
 */
export type ApiRoute = {
  method: Method;
  /** OpenAPI path under `/api/v1`, with `{param}`s. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Body fields the adapter fills from the path or headers, left out of the documented body. */
  hidden?: string[];
  /** Answers without a session or token (documented with `security: []`). */
  public?: boolean;
  /** `?dryRun=true`: answers the API server's verdict without changing anything. */
  dryRun?: boolean;
  /** Request headers the operation reads. */
  headers?: { name: "If-Match" | "Idempotency-Key"; required: boolean; description: string }[];
  /** Success: status, schema and (for dry runs) the dry run's schema, answered 200. */
  ok: { status: 200 | 201 | 202; schema: z.ZodType; description: string; contentType?: string };
  dryRunOk?: z.ZodType;
  /** Response headers of success (ETag, Location). */
  okHeaders?: string[];
  /** Problem statuses this operation may answer (401, 429 and 500 are added to every one). */
  problems: number[];
  handle: (req: ApiRequest) => Promise<ApiOutcome>;
};

const MAX_BODY = 1_000_000;
const KEY = /^[\x21-\x7e]{1,200}$/;

async function readBody(req: Request): Promise<Record<string, unknown> | Response> {
  const text = await req.text();
  if (text.length > MAX_BODY) return problem(400, "The request body is larger than 1 MB.");
  if (!text.trim()) return {};
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) return problem(415, "Send the body as application/json.");
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value))
      return problem(400, "The request body must be a JSON object.");
    return value as Record<string, unknown>;
  } catch {
    return problem(400, "The request body is not valid JSON.");
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...PRIVATE, ...headers } });
}

/**
 * The route handler of one operation: reads path, query, headers and JSON body, keeps and replays
 * answers by `Idempotency-Key` (POST), runs the handler (which goes through the same action chain
 * as the pages) and maps its result to HTTP: the route's success status, or an RFC 9457 problem.
 */
export function apiHandler(route: ApiRoute) {
  return async (request: Request, ctx?: { params?: Promise<Record<string, string | string[]>> }) => {
    // A path without parameters (/teams) may come without them.
    const rawParams = (await ctx?.params) ?? {};
    const params = Object.fromEntries(
      Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
    );
    const url = new URL(request.url);
    const dryRun = route.dryRun === true && url.searchParams.get("dryRun") === "true";
    let body: Record<string, unknown> = {};
    let bodyText = "";
    if (route.method !== "GET") {
      const copy = request.clone();
      bodyText = await copy.text();
      const parsed = await readBody(request);
      if (parsed instanceof Response) return parsed;
      body = parsed;
    }
    const ifMatchRaw = request.headers.get("if-match");
    const ifMatch = ifMatchRaw
      ? ifMatchRaw
          .trim()
          .replace(/^W\//, "")
          .replace(/^"(.*)"$/, "$1")
      : null;

    // Only where documented: an operation whose answer holds a secret (a new token) keeps none.
    const key = route.headers?.some((h) => h.name === "Idempotency-Key")
      ? request.headers.get("idempotency-key")
      : null;
    let scope: { subject: string; route: string; key: string } | null = null;
    let requestHash = "";
    if (key !== null) {
      if (!KEY.test(key)) return problem(400, "Idempotency-Key is 1 to 200 visible ASCII characters.");
      const user = await currentUser();
      if (!user) return problem(401, "Sign in, or send a valid API token.");
      scope = { subject: user.subject, route: `${route.method} ${url.pathname}`, key };
      requestHash = createHash("sha256").update(`${url.search}\n${bodyText}`).digest("hex");
      const kept = await findIdempotentAnswer(getDb(), scope);
      if (kept) {
        if (kept.requestHash !== requestHash)
          return problem(422, "This Idempotency-Key was used with a different request.");
        return json(kept.status, kept.body, { "idempotency-replayed": "true" });
      }
    }

    let outcome: ApiOutcome;
    try {
      outcome = await route.handle({ params, query: url.searchParams, body, dryRun, ifMatch, request });
    } catch (err) {
      logger.error({ event: `api.${route.operationId}`, err: (err as Error).message }, "API route failed");
      return problem(500, "Something went wrong. Try again; if it persists, tell your platform team.");
    }
    if ("response" in outcome) return outcome.response;
    if (!outcome.ok) {
      const res = problemOf(outcome);
      // Refusals are kept too (a retry gets the same answer), except those that may pass later.
      if (scope && res.status < 500 && res.status !== 429 && res.status !== 401) {
        await storeIdempotentAnswer(getDb(), scope, {
          requestHash,
          status: res.status,
          body: await res.clone().json(),
        });
      }
      return res;
    }
    const status = dryRun ? 200 : route.ok.status;
    const data = outcome.data as Record<string, unknown>;
    const headers: Record<string, string> = {};
    if (route.okHeaders?.includes("ETag") && typeof data.fingerprint === "string") {
      headers.etag = `"${data.fingerprint}"`;
    }
    if (status === 201 && route.okHeaders?.includes("Location") && typeof data.name === "string") {
      headers.location = `${url.pathname.replace(/\/$/, "")}/${encodeURIComponent(data.name)}`;
    }
    if (scope) await storeIdempotentAnswer(getDb(), scope, { requestHash, status, body: data });
    return json(status, data, headers);
  };
}
