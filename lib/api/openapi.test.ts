import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "./openapi.ts";
import { problemOf } from "./problem.ts";
import type { ApiRoute } from "./route.ts";

const route: ApiRoute = {
  method: "POST",
  path: "/teams/{team}/things/{name}/scale",
  operationId: "scaleThing",
  tag: "things",
  summary: "scale",
  params: z.object({ team: z.string(), name: z.string() }),
  query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
  body: z.object({ team: z.string(), name: z.string(), base: z.string(), replicas: z.number().int() }),
  hidden: ["base"],
  dryRun: true,
  headers: [{ name: "If-Match", required: true, description: "fingerprint" }],
  ok: {
    status: 200,
    schema: z.object({ diff: z.array(z.string()) }).meta({ id: "Diff" }),
    description: "ok",
  },
  problems: [412, 422],
  handle: async () => ({ ok: true, data: {} }),
};

describe("openApiDocument", () => {
  const doc = openApiDocument([route]) as {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  const op = doc.paths["/api/v1/teams/{team}/things/{name}/scale"]?.post as Record<string, unknown>;

  it("documents the body without what the path and headers fill in", () => {
    const body = (op.requestBody as { content: Record<string, { schema: Record<string, unknown> }> }).content[
      "application/json"
    ]?.schema;
    expect(Object.keys(body?.properties as object)).toEqual(["replicas"]);
    expect(body?.required).toEqual(["replicas"]);
  });

  it("lists path, query and header parameters", () => {
    expect(
      (op.parameters as { name: string; in: string; required: boolean }[]).map((p) => [
        p.name,
        p.in,
        p.required,
      ]),
    ).toEqual([
      ["team", "path", true],
      ["name", "path", true],
      ["dryRun", "query", false],
      ["If-Match", "header", true],
    ]);
  });

  it("closes response objects, hoists named schemas and answers problems as RFC 9457", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.Diff).toMatchObject({ additionalProperties: false });
    const responses = op.responses as Record<string, { content: Record<string, { schema: unknown }> }>;
    expect(Object.keys(responses).sort()).toEqual(["200", "401", "412", "422", "429", "500"]);
    expect(JSON.stringify(responses["200"])).toContain("#/components/schemas/Diff");
    expect(responses["412"]?.content["application/problem+json"]?.schema).toEqual({
      $ref: "#/components/schemas/Problem",
    });
    expect(doc.components.schemas.Problem).toMatchObject({ additionalProperties: false });
  });
});

describe("problemOf", () => {
  it("answers a refusal's kind as its status, fields as errors, and a retry time", async () => {
    const stale = problemOf({ ok: false, kind: "stale", formError: "changed", fieldErrors: {} });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("content-type")).toBe("application/problem+json");
    const invalid = problemOf({
      ok: false,
      kind: "invalid",
      formError: null,
      fieldErrors: { "workers.0.replicas": "At most 500" },
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({
      type: "/api/docs#problem-422",
      title: "Unprocessable request",
      status: 422,
      detail: "Some fields need attention: see errors.",
      errors: [{ path: "workers.0.replicas", message: "At most 500" }],
    });
    const limited = problemOf({
      ok: false,
      kind: "rate_limited",
      formError: "slow down",
      fieldErrors: {},
      retryAfter: 7,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
  });
});
