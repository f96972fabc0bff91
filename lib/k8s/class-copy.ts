import "server-only";
import { classTemplateRefs, isCopyableTemplateRef } from "../capi/class-templates.ts";
import { APPLY_OPTIONS, APPLY_PARAMS, apisAs } from "./client.ts";
import { isNotFound, KubeError, kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";
import { RESOURCES } from "./resources.ts";
import type { ObjectMeta } from "./types.ts";

type Unstructured = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & Record<string, unknown>;
  spec?: Record<string, unknown>;
};

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return { group: group ?? "", version: version ?? "" };
}

// Template CRDs follow the Kubernetes convention: plural = lowercased kind + "s".
const pluralOf = (kind: string) => `${kind.toLowerCase()}s`;

/** A copy of an object for another namespace: spec, labels and annotations only. */
function copyFor(obj: Unstructured, namespace: string): Unstructured {
  const { labels, annotations } = obj.metadata;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: {
      name: obj.metadata.name,
      namespace,
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    ...(obj.spec ? { spec: obj.spec } : {}),
  };
}

/** JSON with object keys sorted, so two copies of one object compare equal as text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * The target namespace holds an object of this name already with another spec: a copy would
 * overwrite it (and roll out every cluster using it), so the copy is refused instead.
 */
export class CopyConflictError extends KubeError {
  readonly kind: string;
  readonly objectName: string;

  constructor(kind: string, name: string, namespace: string) {
    super(409, "AlreadyExists", `${kind} ${name} exists in ${namespace} already with another spec`);
    this.name = "CopyConflictError";
    this.kind = kind;
    this.objectName = name;
  }
}

/**
 * Copies a ClusterClass and every template it references from namespace `from` to `to`, as the
 * user. Everything is read first: an object that exists in `to` already with the same spec is
 * left as it is (so a repeated copy changes nothing), one with another spec refuses the whole
 * copy with a {@link CopyConflictError} before anything is written. Templates are written before
 * the class, so the class never points at missing templates; if a write is refused, the
 * templates this call created are deleted again. Returns the names of the class's templates.
 */
export async function copyClusterClass(
  identity: KubeIdentity,
  args: { from: string; to: string; name: string },
): Promise<{ templates: string[] }> {
  const { custom } = apisAs(identity);
  const cc = RESOURCES.clusterClasses;
  type Target = { group: string; version: string; plural: string; name: string };
  const read = async (t: Target, namespace: string): Promise<Unstructured | null> => {
    try {
      return (await kubeCall(() => custom.getNamespacedCustomObject({ ...t, namespace }))) as Unstructured;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  /** What must be written: null when `to` holds the same object already. */
  const plan = async (t: Target, kind: string): Promise<{ target: Target; body: Unstructured } | null> => {
    const source = await read(t, args.from);
    if (!source) throw new KubeError(404, "NotFound", `${kind} ${t.name} not found in ${args.from}`);
    const existing = await read(t, args.to);
    if (!existing) return { target: t, body: copyFor(source, args.to) };
    if (canonicalJson(existing.spec) === canonicalJson(source.spec)) return null;
    throw new CopyConflictError(kind, t.name, args.to);
  };

  const classTarget: Target = { group: cc.group, version: cc.version, plural: cc.plural, name: args.name };
  const classSource = await read(classTarget, args.from);
  if (!classSource)
    throw new KubeError(404, "NotFound", `ClusterClass ${args.name} not found in ${args.from}`);
  const refs = classTemplateRefs(classSource.spec);
  const foreign = refs.find((r) => !isCopyableTemplateRef(r));
  if (foreign)
    throw new KubeError(
      422,
      "Invalid",
      `ClusterClass ${args.name} references ${foreign.kind} ${foreign.name} (${foreign.apiVersion}), which is no Cluster API template, so it is not copied.`,
    );
  const templateWrites: { target: Target; body: Unstructured }[] = [];
  for (const ref of refs) {
    const { group, version } = splitApiVersion(ref.apiVersion);
    const write = await plan({ group, version, plural: pluralOf(ref.kind), name: ref.name }, ref.kind);
    if (write) templateWrites.push(write);
  }
  const classWrite = await plan(classTarget, "ClusterClass");

  const apply_ = (w: { target: Target; body: Unstructured }) =>
    kubeCall(() =>
      custom.patchNamespacedCustomObject(
        { ...w.target, namespace: args.to, body: w.body, ...APPLY_PARAMS },
        APPLY_OPTIONS,
      ),
    );
  const created: Target[] = [];
  try {
    for (const w of templateWrites) {
      await apply_(w);
      created.push(w.target);
    }
    if (classWrite) await apply_(classWrite);
  } catch (err) {
    // Undo what this call made, so a refused copy leaves the namespace as it was.
    for (const t of created.reverse()) {
      await kubeCall(() => custom.deleteNamespacedCustomObject({ ...t, namespace: args.to })).catch(
        () => undefined,
      );
    }
    throw err;
  }
  return { templates: refs.map((r) => `${r.kind}/${r.name}`) };
}
