import { Ajv2020 } from "ajv/dist/2020.js";

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema?: Json }> }> };

/** One checked answer: which operation and status it was. */
export type Checked = { method: string; template: string; status: number };

/**
 * Checks API answers against the OpenAPI document: the path and method must be an operation, the
 * status one of its documented responses, the content type a documented one, and a JSON body valid
 * against its schema (whose objects forbid undocumented fields).
 */
export class OpenApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly paths: Record<string, Record<string, Operation>>;
  readonly checked: Checked[] = [];

  constructor(doc: Json) {
    this.paths = doc.paths as Record<string, Record<string, Operation>>;
    // Refs point at "#/components/…" of the document: give the document an id and point them there.
    this.ajv.addSchema({ $id: "openapi", components: doc.components } as Json);
  }

  /** The documented path template of a concrete path, or undefined. */
  template(pathname: string): string | undefined {
    return Object.keys(this.paths).find((t) =>
      new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(pathname),
    );
  }

  private static rewrite(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => OpenApiContract.rewrite(x));
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v as Json).map(([k, x]) => [
          k,
          k === "$ref" && typeof x === "string" && x.startsWith("#/")
            ? `openapi${x}`
            : OpenApiContract.rewrite(x),
        ]),
      );
    return v;
  }

  /** Throws with what is wrong when the answer is not what the document says. */
  check(method: string, url: string, status: number, contentType: string, body: unknown): void {
    const pathname = new URL(url, "http://x").pathname;
    const template = this.template(pathname);
    if (!template) throw new Error(`undocumented route ${method} ${pathname}`);
    const op = this.paths[template]?.[method.toLowerCase()];
    if (!op) throw new Error(`undocumented method ${method} ${template}`);
    const response = op.responses[String(status)];
    if (!response) throw new Error(`undocumented status ${status} of ${method} ${template}`);
    const type = contentType.split(";")[0]?.trim() ?? "";
    const media = response.content?.[type];
    if (response.content && !media)
      throw new Error(`undocumented content type ${type} for ${status} of ${method} ${template}`);
    if (media?.schema && type.endsWith("json")) {
      const validate = this.ajv.compile(OpenApiContract.rewrite(media.schema) as Json);
      if (!validate(body)) {
        throw new Error(
          `${method} ${template} ${status}: body does not match the document: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`,
        );
      }
    }
    this.checked.push({ method, template, status });
  }
}
