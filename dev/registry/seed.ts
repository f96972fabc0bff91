/**
 * Pushes the demo images into a registry through the OCI Distribution API. The images are built here:
 * gzip'ed tar layers of seeded pseudo-random files, OCI or Docker configs and manifests, one OCI index.
 * Everything is deterministic, so digests are the same on every run and re-seeding uploads nothing.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

/** Basic-auth credentials for the registry. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** One platform's image manifest as pushed. */
export interface SeededPlatform {
  os: string;
  architecture: string;
  variant?: string;
  /** Digest of the platform's image manifest. */
  digest: string;
  mediaType: string;
  /** Total size in bytes: config blob plus compressed layers (what `docker images` calls size). */
  size: number;
}

/** One tag as pushed: for an image index, `platforms` has one entry per platform, otherwise one. */
export interface SeededTag {
  repository: string;
  tag: string;
  /** Digest of what the tag points at (an image manifest or an index). */
  digest: string;
  mediaType: string;
  platforms: SeededPlatform[];
}

/** What {@link seedRegistry} pushed. */
export interface SeedResult {
  /** Repositories, sorted as the registry's catalog lists them. */
  repositories: string[];
  tags: SeededTag[];
  /** Blobs and manifests uploaded by this run; 0 when the registry already held everything. */
  uploaded: number;
}

const MEDIA = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar+gzip",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
} as const;

/** A layer: files with seeded content. Equal ids give equal layers, as a shared base layer would be. */
interface LayerSpec {
  id: string;
  /** Path and size in bytes; paths ending in `.txt`, `.html`, `.yaml` get text (compressible) content. */
  files: [string, number][];
}

interface PlatformSpec {
  architecture: string;
  variant?: string;
  layers: LayerSpec[];
}

interface ArtifactSpec {
  repository: string;
  /** Every tag that points at this artifact. */
  tags: string[];
  version: string;
  created: string;
  /** `oci`/`docker`: one image manifest for `platforms[0]`; `oci-index`: an index over all platforms. */
  format: "oci" | "docker" | "oci-index";
  platforms: PlatformSpec[];
  /** For an index: extra tags pointing straight at one platform's manifest, by architecture. */
  platformTags?: Record<string, string>;
  labels?: Record<string, string>;
}

const webBase: LayerSpec = {
  id: "web-base",
  files: [
    ["etc/os-release.txt", 600],
    ["usr/lib/libdemo.so", 19_000],
  ],
};
const workerBase: LayerSpec = { id: "worker-base", files: [["usr/lib/libworker.so", 80_000]] };

/** The demo content: two teams, a multi-platform index, a nested path, and a Docker schema 2 image. */
const ARTIFACTS: ArtifactSpec[] = [
  {
    repository: "team-a/web",
    tags: ["1.0.0"],
    version: "1.0.0",
    created: "2025-03-03T09:00:00Z",
    format: "oci",
    platforms: [{ architecture: "amd64", layers: [webBase] }],
  },
  {
    repository: "team-a/web",
    tags: ["1.1.0", "latest"],
    version: "1.1.0",
    created: "2025-04-14T09:00:00Z",
    format: "oci",
    platforms: [
      {
        architecture: "amd64",
        layers: [
          webBase,
          {
            id: "web-1.1.0",
            files: [
              ["app/index.html", 3_000],
              ["app/web", 300_000],
            ],
          },
        ],
      },
    ],
  },
  {
    repository: "team-a/api",
    tags: ["2.0.0"],
    version: "2.0.0",
    created: "2025-05-20T12:00:00Z",
    format: "oci-index",
    platforms: [
      {
        architecture: "amd64",
        layers: [
          { id: "api-base-amd64", files: [["usr/lib/libc.so", 60_000]] },
          {
            id: "api-2.0.0-amd64",
            files: [
              ["app/api", 120_000],
              ["app/config.yaml", 2_000],
            ],
          },
        ],
      },
      {
        architecture: "arm64",
        variant: "v8",
        layers: [
          { id: "api-base-arm64", files: [["usr/lib/libc.so", 55_000]] },
          {
            id: "api-2.0.0-arm64",
            files: [
              ["app/api", 100_000],
              ["app/config.yaml", 2_000],
            ],
          },
        ],
      },
    ],
    platformTags: { "2.0.0-amd64": "amd64" },
  },
  {
    repository: "team-a/tools/cli",
    tags: ["0.1.0"],
    version: "0.1.0",
    created: "2025-02-10T08:30:00Z",
    format: "docker",
    platforms: [
      {
        architecture: "amd64",
        layers: [
          {
            id: "cli-0.1.0",
            files: [
              ["usr/local/bin/kaasctl", 40_000],
              ["usr/share/doc/kaasctl/README.txt", 5_000],
            ],
          },
        ],
      },
    ],
  },
  {
    repository: "team-b/worker",
    tags: ["3.0.0"],
    version: "3.0.0",
    created: "2025-01-08T16:00:00Z",
    format: "oci",
    platforms: [
      {
        architecture: "amd64",
        layers: [workerBase, { id: "worker-3.0.0", files: [["app/worker", 30_000]] }],
      },
    ],
  },
  {
    repository: "team-b/worker",
    tags: ["3.1.0"],
    version: "3.1.0",
    created: "2025-06-02T16:00:00Z",
    format: "oci",
    platforms: [
      {
        architecture: "amd64",
        layers: [
          workerBase,
          {
            id: "worker-3.1.0",
            files: [
              ["app/worker", 35_000],
              ["app/jobs.yaml", 4_000],
            ],
          },
        ],
      },
    ],
    // A link the console must not render as one: only http(s) URLs become links.
    labels: { "org.opencontainers.image.url": "javascript:alert(document.domain)" },
  },
];

/** A content-addressed blob ready to push. */
interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

interface BuiltImage {
  platform: { os: string; architecture: string; variant?: string };
  manifest: Blob;
  blobs: Blob[];
}

/**
 * Pushes the demo images to `url` (e.g. `http://127.0.0.1:15000`) and reports what the registry now holds.
 * Idempotent: blobs and manifests already present (checked with HEAD) are not uploaded again.
 */
export async function seedRegistry(url: string, credentials: RegistryCredentials): Promise<SeedResult> {
  const client = new PushClient(url, credentials);
  const tags: SeededTag[] = [];

  for (const artifact of ARTIFACTS) {
    const images = (
      artifact.format === "oci-index" ? artifact.platforms : artifact.platforms.slice(0, 1)
    ).map((platform) => buildImage(artifact, platform, artifact.format === "docker" ? "docker" : "oci"));
    for (const image of images) {
      for (const blob of image.blobs) await client.ensureBlob(artifact.repository, blob);
    }
    const platforms = images.map(seededPlatform);

    let top: Blob;
    if (artifact.format === "oci-index") {
      // An index may only name manifests the repository already holds, so push those by digest first.
      for (const image of images)
        await client.ensureManifest(artifact.repository, image.manifest.digest, image.manifest);
      top = jsonBlob(MEDIA.ociIndex, {
        schemaVersion: 2,
        mediaType: MEDIA.ociIndex,
        manifests: images.map((image) => ({ ...descriptor(image.manifest), platform: image.platform })),
      });
      for (const [tag, architecture] of Object.entries(artifact.platformTags ?? {})) {
        const index = images.findIndex((image) => image.platform.architecture === architecture);
        const image = images[index];
        const platform = platforms[index];
        if (!image || !platform) throw new Error(`seed: ${artifact.repository} has no ${architecture} image`);
        await client.ensureManifest(artifact.repository, tag, image.manifest);
        const { digest, mediaType } = image.manifest;
        tags.push({ repository: artifact.repository, tag, digest, mediaType, platforms: [platform] });
      }
    } else {
      const image = images[0];
      if (!image) throw new Error(`seed: ${artifact.repository} has no platform`);
      top = image.manifest;
    }
    for (const tag of artifact.tags) {
      await client.ensureManifest(artifact.repository, tag, top);
      tags.push({
        repository: artifact.repository,
        tag,
        digest: top.digest,
        mediaType: top.mediaType,
        platforms,
      });
    }
  }

  const repositories = [...new Set(ARTIFACTS.map((a) => a.repository))].sort();
  tags.sort((a, b) => a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag));
  return { repositories, tags, uploaded: client.uploaded };
}

function seededPlatform(image: BuiltImage): SeededPlatform {
  return {
    ...image.platform,
    digest: image.manifest.digest,
    mediaType: image.manifest.mediaType,
    size: image.blobs.reduce((sum, blob) => sum + blob.size, 0),
  };
}

function buildImage(artifact: ArtifactSpec, platform: PlatformSpec, format: "oci" | "docker"): BuiltImage {
  const media =
    format === "docker"
      ? { manifest: MEDIA.dockerManifest, config: MEDIA.dockerConfig, layer: MEDIA.dockerLayer }
      : { manifest: MEDIA.ociManifest, config: MEDIA.ociConfig, layer: MEDIA.ociLayer };
  const layers = platform.layers.map((spec) => {
    const tar = tarball(spec);
    return { diffId: sha256(tar), blob: blob(media.layer, gzipSync(tar, { level: 9 })) };
  });
  const name = artifact.repository.split("/").at(-1) ?? artifact.repository;
  const { architecture, variant } = platform;
  const config = jsonBlob(media.config, {
    created: artifact.created,
    author: "KaaS Console demo seed",
    architecture,
    ...(variant ? { variant } : {}),
    os: "linux",
    config: {
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Entrypoint: [`/app/${name}`],
      WorkingDir: "/app",
      Labels: {
        "org.opencontainers.image.title": name,
        "org.opencontainers.image.version": artifact.version,
        "org.opencontainers.image.source": `https://git.example.com/${artifact.repository}`,
        "org.opencontainers.image.created": artifact.created,
        // Untrusted text on purpose: image metadata must be rendered as text, never as HTML.
        "org.opencontainers.image.description": `Demo image ${name} <script>alert(1)</script>`,
        ...artifact.labels,
      },
    },
    rootfs: { type: "layers", diff_ids: layers.map((layer) => layer.diffId) },
    history: platform.layers.map((spec) => ({
      created: artifact.created,
      created_by: `seed: layer ${spec.id}`,
    })),
  });
  const manifest = jsonBlob(media.manifest, {
    schemaVersion: 2,
    mediaType: media.manifest,
    config: descriptor(config),
    layers: layers.map((layer) => descriptor(layer.blob)),
    ...(format === "oci" ? { annotations: { "org.opencontainers.image.created": artifact.created } } : {}),
  });
  return {
    platform: { os: "linux", architecture, ...(variant ? { variant } : {}) },
    manifest,
    blobs: [config, ...layers.map((layer) => layer.blob)],
  };
}

function descriptor(b: Blob) {
  return { mediaType: b.mediaType, digest: b.digest, size: b.size };
}

function blob(mediaType: string, bytes: Buffer): Blob {
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes };
}

function jsonBlob(mediaType: string, value: unknown): Blob {
  return blob(mediaType, Buffer.from(JSON.stringify(value, null, 2)));
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** Deterministic bytes: SHA-256 in counter mode over the seed. */
function seededBytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, counter = 0; offset < size; offset += 32, counter++) {
    createHash("sha256").update(`${seed}#${counter}`).digest().copy(out, offset);
  }
  return out;
}

function fileContent(seed: string, filePath: string, size: number): Buffer {
  if (!/\.(txt|html|yaml)$/.test(filePath)) return seededBytes(seed, size);
  // Hex lines compress roughly 2:1, closer to real text than random bytes are.
  const hex = seededBytes(seed, Math.ceil(size / 2)).toString("hex");
  return Buffer.from(hex.replace(/(.{63})./g, "$1\n").slice(0, size));
}

/** A ustar archive of the layer's files and their parent directories, owned by root. */
function tarball(spec: LayerSpec): Buffer {
  // One fixed mtime for every file, as reproducible builds do, so a shared layer is the same blob everywhere.
  const mtime = Date.UTC(2025, 0, 1) / 1000;
  const dirs = new Set<string>();
  for (const [filePath] of spec.files) {
    const parts = filePath.split("/").slice(0, -1);
    parts.forEach((_, i) => {
      dirs.add(`${parts.slice(0, i + 1).join("/")}/`);
    });
  }
  const chunks: Buffer[] = [];
  for (const dir of [...dirs].sort()) chunks.push(tarHeader(dir, 0, 0o755, "5", mtime));
  for (const [filePath, size] of spec.files) {
    const data = fileContent(`${spec.id}/${filePath}`, filePath, size);
    chunks.push(tarHeader(filePath, size, 0o644, "0", mtime), data, Buffer.alloc((512 - (size % 512)) % 512));
  }
  // Two zero blocks end the archive.
  chunks.push(Buffer.alloc(1024));
  return Buffer.concat(chunks);
}

function tarHeader(name: string, size: number, mode: number, type: "0" | "5", mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) =>
    header.write(value, offset, length, "utf8");
  const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, "0")}\0`;
  field(0, 100, name);
  field(100, 8, octal(mode, 8));
  field(108, 8, octal(0, 8)); // uid
  field(116, 8, octal(0, 8)); // gid
  field(124, 12, octal(size, 12));
  field(136, 12, octal(Math.floor(mtime), 12));
  field(148, 8, " ".repeat(8)); // checksum counts as spaces while it is computed
  field(156, 1, type);
  field(257, 6, "ustar\0");
  field(263, 2, "00");
  field(265, 32, "root");
  field(297, 32, "root");
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(148, 8, `${checksum.toString(8).padStart(6, "0")}\0 `);
  return header;
}

/** The few Distribution API calls a push needs, with basic auth. */
class PushClient {
  readonly #base: string;
  readonly #auth: string;
  uploaded = 0;

  constructor(base: string, { username, password }: RegistryCredentials) {
    this.#base = base.replace(/\/+$/, "");
    this.#auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  async ensureBlob(repository: string, b: Blob): Promise<void> {
    const head = await this.#request("HEAD", `/v2/${repository}/blobs/${b.digest}`);
    if (head.ok) return;
    const start = await this.#request("POST", `/v2/${repository}/blobs/uploads/`);
    await expectStatus(start, 202, `start upload to ${repository}`);
    const location = start.headers.get("location");
    if (!location) throw new Error(`seed: no upload location for ${repository}`);
    // The location may be relative and already carries the upload's state in its query.
    const target = new URL(location, this.#base);
    target.searchParams.set("digest", b.digest);
    const put = await this.#request("PUT", target, {
      body: new Uint8Array(b.bytes),
      headers: { "content-type": "application/octet-stream" },
    });
    await expectStatus(put, 201, `upload ${b.digest} to ${repository}`);
    this.uploaded++;
  }

  async ensureManifest(repository: string, reference: string, manifest: Blob): Promise<void> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const head = await this.#request("HEAD", path, { headers: { accept: manifest.mediaType } });
    if (head.ok && head.headers.get("docker-content-digest") === manifest.digest) return;
    const put = await this.#request("PUT", path, {
      body: new Uint8Array(manifest.bytes),
      headers: { "content-type": manifest.mediaType },
    });
    await expectStatus(put, 201, `push manifest ${repository}:${reference}`);
    this.uploaded++;
  }

  #request(
    method: string,
    target: string | URL,
    init: { body?: BodyInit; headers?: Record<string, string> } = {},
  ) {
    const url = typeof target === "string" ? `${this.#base}${target}` : target;
    return fetch(url, { method, body: init.body, headers: { ...init.headers, authorization: this.#auth } });
  }
}

async function expectStatus(res: Response, status: number, what: string): Promise<void> {
  if (res.status === status) {
    await res.body?.cancel();
    return;
  }
  throw new Error(`seed: ${what}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
}
