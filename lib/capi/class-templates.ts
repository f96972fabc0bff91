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
