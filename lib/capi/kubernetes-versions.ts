import { z } from "zod";

/*
 * The Kubernetes versions file (config/kubernetes-versions.json): each minor with its release and
 * end-of-life dates and its patches, each patch flagged when it fixes a critical CVE. Kept apart
 * from the policy itself so the browser, which evaluates the policy for live rows, needs no zod.
 */

const isoDate = z
  .string()
  // abort: a string that is no date at all needs no second message
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected a date like 2026-05-12", abort: true })
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "is not a calendar date",
    },
  );

const patchSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "expected a patch version like 1.36.3 (no leading v)"),
  released: isoDate,
  /** The patch fixes a CVE with a CVSS base score of 8 or more. */
  criticalCve: z.boolean().default(false),
  note: z.string().optional(),
});

const minorSchema = z
  .strictObject({
    minor: z.string().regex(/^\d+\.\d+$/, "expected a minor version like 1.36"),
    /** The release date of `<minor>.0`. */
    released: isoDate,
    /** Upstream's end-of-life date of the minor. */
    endOfLife: isoDate.optional(),
    patches: z.array(patchSchema).default([]),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.patches.forEach((p, i) => {
      if (!p.version.startsWith(`${m.minor}.`)) {
        ctx.addIssue({
          code: "custom",
          path: ["patches", i, "version"],
          message: `${p.version} is not a patch of ${m.minor}`,
        });
      }
      if (seen.has(p.version)) {
        ctx.addIssue({
          code: "custom",
          path: ["patches", i, "version"],
          message: `${p.version} is listed twice`,
        });
      }
      seen.add(p.version);
      if (p.released < m.released) {
        ctx.addIssue({
          code: "custom",
          path: ["patches", i, "released"],
          message: `${p.version} cannot be released before ${m.minor}.0 (${m.released})`,
        });
      }
    });
    if (m.endOfLife && m.endOfLife <= m.released) {
      ctx.addIssue({ code: "custom", path: ["endOfLife"], message: "must be after the release date" });
    }
  });

/** The versions file: each Kubernetes minor with its release and end-of-life dates and its patches. */
export const kubernetesVersionsSchema = z
  .strictObject({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    minors: z.array(minorSchema).min(1, "list at least one Kubernetes minor"),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.minors.forEach((m, i) => {
      if (seen.has(m.minor)) {
        ctx.addIssue({ code: "custom", path: ["minors", i, "minor"], message: `${m.minor} is listed twice` });
      }
      seen.add(m.minor);
    });
  });

export type KubernetesVersions = z.infer<typeof kubernetesVersionsSchema>;
export type KubernetesMinor = KubernetesVersions["minors"][number];

/** A versions file that cannot be used; the message names the file and the bad entry. */
export class VersionsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VersionsFileError";
  }
}

/** `minors[1] (1.36).patches[2] (1.36.3).released`: a zod path with the entries' own names. */
function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  let out = "";
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === "number") {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const o = node as { minor?: unknown; version?: unknown } | undefined;
      const name = typeof o?.version === "string" ? o.version : typeof o?.minor === "string" ? o.minor : null;
      if (name) out += ` (${name})`;
    } else {
      out += `${out ? "." : ""}${String(key)}`;
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[String(key)] : undefined;
    }
  }
  return out || "(top level)";
}

/**
 * Parses and validates a versions file's text. Throws a VersionsFileError that names `source`
 * and every bad entry, so an operator can fix the file from the message alone.
 */
export function parseKubernetesVersions(text: string, source: string): KubernetesVersions {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new VersionsFileError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = kubernetesVersionsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${describePath(raw, i.path)}: ${i.message}`);
    throw new VersionsFileError(`${source} is not a valid Kubernetes versions file: ${lines.join("; ")}`);
  }
  return parsed.data;
}
