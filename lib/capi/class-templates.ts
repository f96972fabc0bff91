/** A reference from a ClusterClass to one of its templates. */
export type TemplateRef = { apiVersion: string; kind: string; name: string };

/**
 * Every template a ClusterClass spec references (control plane, its machine infrastructure, the
 * cluster infrastructure, worker classes' bootstrap and infrastructure), each once. Reads the
 * v1beta2 `templateRef` and the v1beta1 `ref` shapes; variables and patches are not searched.
 */
export function classTemplateRefs(spec: Record<string, unknown> | undefined): TemplateRef[] {
  const refs: TemplateRef[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (!v || typeof v !== "object") return;
    for (const [k, child] of Object.entries(v)) {
      if ((k === "templateRef" || k === "ref") && child && typeof child === "object") {
        const r = child as Partial<TemplateRef>;
        if (r.apiVersion && r.kind && r.name)
          refs.push({ apiVersion: r.apiVersion, kind: r.kind, name: r.name });
      } else if (k !== "variables" && k !== "patches") {
        visit(child);
      }
    }
  };
  visit(spec);
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.apiVersion}/${r.kind}/${r.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// The API groups Cluster API templates live in: infrastructure, bootstrap and control plane
// providers (`infrastructure.cluster.x-k8s.io`, `*.infrastructure.cluster.x-k8s.io` for some, …).
const TEMPLATE_GROUP = /^([a-z0-9-]+\.)*(infrastructure|bootstrap|controlplane)\.cluster\.x-k8s\.io$/;

/**
 * Whether a class's reference names a Cluster API template that may be copied with the class:
 * a `…Template` kind in a provider's template group. A class is text its namespace's users may
 * write, so anything else it names (a RoleBinding, a Secret) is never read or written for it.
 */
export function isCopyableTemplateRef(ref: TemplateRef): boolean {
  const slash = ref.apiVersion.indexOf("/");
  if (slash < 0) return false;
  return TEMPLATE_GROUP.test(ref.apiVersion.slice(0, slash)) && /^[A-Z][A-Za-z0-9]*Template$/.test(ref.kind);
}
