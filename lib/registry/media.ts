import { z } from "zod";
import type { RegistryProblem } from "./types.ts";

const unsupported = (
  key: RegistryProblem["key"],
  values: RegistryProblem["values"] = {},
): RegistryProblem => ({
  key,
  values,
});

/**
 * The manifest and config formats the console understands, parsed defensively: a registry's
 * content is untrusted input, so anything malformed, unknown or oversized becomes a value that says
 * so, never an exception the page has to survive.
 */

export const MEDIA = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerSchema1: "application/vnd.docker.distribution.manifest.v1+prettyjws",
} as const;

/** What the client asks for: indexes and image manifests, OCI and Docker v2. */
export const MANIFEST_ACCEPT = [
  MEDIA.ociIndex,
  MEDIA.ociManifest,
  MEDIA.dockerList,
  MEDIA.dockerManifest,
].join(", ");

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA.ociIndex, MEDIA.dockerList]);
const IMAGE_TYPES: ReadonlySet<string> = new Set([MEDIA.ociManifest, MEDIA.dockerManifest]);
const CONFIG_TYPES: ReadonlySet<string> = new Set([MEDIA.ociConfig, MEDIA.dockerConfig]);

/** At most this many entries of a manifest's lists are kept; the rest is counted. */
export const MAX_ENTRIES = 500;

export type Platform = { os: string; architecture: string; variant?: string; osVersion?: string };

export type Descriptor = {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  artifactType?: string;
  annotations: Record<string, string>;
};

export type ParsedManifest =
  | {
      kind: "index";
      mediaType: string;
      manifests: Descriptor[];
      /** Entries beyond {@link MAX_ENTRIES}, not shown. */
      omitted: number;
      annotations: Record<string, string>;
    }
  | {
      kind: "image";
      mediaType: string;
      config: Descriptor;
      layers: Descriptor[];
      omitted: number;
      artifactType?: string;
      subject?: Descriptor;
      annotations: Record<string, string>;
    }
  | { kind: "unsupported"; mediaType: string; reason: RegistryProblem };

/** Fields of an image config the console shows. */
export type ImageConfig = {
  created?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  author?: string;
  labels: Record<string, string>;
};

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** String-to-string maps with anything else dropped: keys and values stay untrusted text. */
const stringMap = z
  .unknown()
  .transform((v): Record<string, string> => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return {};
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>).slice(0, 200)) {
      if (typeof val === "string") out[k.slice(0, 256)] = val.slice(0, 4096);
    }
    return out;
  })
  .catch({});

const platformSchema = z
  .object({
    os: z.string().max(64),
    architecture: z.string().max(64),
    variant: z.string().max(64).optional(),
    "os.version": z.string().max(128).optional(),
  })
  .transform(
    (p): Platform => ({
      os: p.os,
      architecture: p.architecture,
      ...(p.variant ? { variant: p.variant } : {}),
      ...(p["os.version"] ? { osVersion: p["os.version"] } : {}),
    }),
  );

const descriptorSchema = z
  .object({
    mediaType: z.string().max(255),
    digest: z.string().max(200).regex(DIGEST),
    size: z.number().int().nonnegative(),
    platform: platformSchema.optional().catch(undefined),
    artifactType: z.string().max(255).optional().catch(undefined),
    annotations: stringMap.optional(),
  })
  .transform(
    (d): Descriptor => ({
      mediaType: d.mediaType,
      digest: d.digest,
      size: d.size,
      ...(d.platform ? { platform: d.platform } : {}),
      ...(d.artifactType ? { artifactType: d.artifactType } : {}),
      annotations: d.annotations ?? {},
    }),
  );

function descriptors(value: unknown): { list: Descriptor[]; omitted: number } | "missing" | "malformed" {
  if (!Array.isArray(value)) return "missing";
  const parsed = z.array(descriptorSchema).safeParse(value.slice(0, MAX_ENTRIES));
  if (!parsed.success) return "malformed";
  return { list: parsed.data, omitted: Math.max(0, value.length - MAX_ENTRIES) };
}

/**
 * Parses a manifest body. `contentType` is the response's `Content-Type`; the body's own
 * `mediaType` wins when present, as registries sometimes answer with a generic type.
 */
export function parseManifest(bytes: Buffer, contentType: string | null): ParsedManifest {
  const headerType = (contentType ?? "").split(";")[0]?.trim() ?? "";
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    return {
      kind: "unsupported",
      mediaType: headerType || "unknown",
      reason: unsupported("notJson"),
    };
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return {
      kind: "unsupported",
      mediaType: headerType || "unknown",
      reason: unsupported("notObject"),
    };
  }
  const doc = body as Record<string, unknown>;
  const mediaType =
    typeof doc.mediaType === "string" && doc.mediaType ? doc.mediaType.slice(0, 255) : headerType;
  const annotations = stringMap.parse(doc.annotations);
  // An OCI index or manifest may omit mediaType; its shape then tells which it is.
  const isIndex = INDEX_TYPES.has(mediaType) || (!mediaType && Array.isArray(doc.manifests));
  const isImage = IMAGE_TYPES.has(mediaType) || (!mediaType && typeof doc.config === "object");
  if (doc.schemaVersion !== 2 && (isIndex || isImage)) {
    return {
      kind: "unsupported",
      mediaType,
      reason: unsupported("schemaVersion", { version: String(doc.schemaVersion) }),
    };
  }
  if (isIndex) {
    const list = descriptors(doc.manifests);
    if (typeof list === "string")
      return {
        kind: "unsupported",
        mediaType,
        reason: unsupported(list === "missing" ? "indexNoDescriptors" : "indexBadDescriptor"),
      };
    return {
      kind: "index",
      mediaType: mediaType || MEDIA.ociIndex,
      manifests: list.list,
      omitted: list.omitted,
      annotations,
    };
  }
  if (isImage) {
    const config = descriptorSchema.safeParse(doc.config);
    if (!config.success) return { kind: "unsupported", mediaType, reason: unsupported("manifestBadConfig") };
    const layers = descriptors(doc.layers ?? []);
    if (typeof layers === "string")
      return {
        kind: "unsupported",
        mediaType,
        reason: unsupported(layers === "missing" ? "manifestNoDescriptors" : "manifestBadDescriptor"),
      };
    const subject = descriptorSchema.safeParse(doc.subject);
    return {
      kind: "image",
      mediaType: mediaType || MEDIA.ociManifest,
      config: config.data,
      layers: layers.list,
      omitted: layers.omitted,
      ...(typeof doc.artifactType === "string" ? { artifactType: doc.artifactType.slice(0, 255) } : {}),
      ...(subject.success ? { subject: subject.data } : {}),
      annotations,
    };
  }
  if (mediaType === MEDIA.dockerSchema1) {
    return {
      kind: "unsupported",
      mediaType,
      reason: unsupported("schema1"),
    };
  }
  return {
    kind: "unsupported",
    mediaType: mediaType || "unknown",
    reason: unsupported("unknownType"),
  };
}

/** Whether a config descriptor is an image config worth fetching (not an artifact's empty config). */
export function isImageConfig(mediaType: string): boolean {
  return CONFIG_TYPES.has(mediaType);
}

const configSchema = z.object({
  created: z.string().max(64).optional().catch(undefined),
  os: z.string().max(64).optional().catch(undefined),
  architecture: z.string().max(64).optional().catch(undefined),
  variant: z.string().max(64).optional().catch(undefined),
  author: z.string().max(512).optional().catch(undefined),
  config: z.object({ Labels: stringMap.optional() }).nullish().catch(undefined),
});

/** Parses an image config blob; anything unusable gives an empty config rather than an error. */
export function parseImageConfig(bytes: Buffer): ImageConfig | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = configSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const c = parsed.data;
  return {
    ...(c.created ? { created: c.created } : {}),
    ...(c.os ? { os: c.os } : {}),
    ...(c.architecture ? { architecture: c.architecture } : {}),
    ...(c.variant ? { variant: c.variant } : {}),
    ...(c.author ? { author: c.author } : {}),
    labels: c.config?.Labels ?? {},
  };
}

/** `linux/arm64/v8`. */
export function platformLabel(p: Platform | undefined): string {
  if (!p) return "unknown";
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** `true` for an `http:` or `https:` URL, the only kind the console ever renders as a link. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}
