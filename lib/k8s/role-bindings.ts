import "server-only";
import type { V1RoleBinding } from "@kubernetes/client-node";
import { APPLY_OPTIONS, APPLY_PARAMS, apisAs, consoleApis } from "./client.ts";
import { kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";
import { FIELD_MANAGER, RBAC_GROUP } from "./names.ts";
import type { RoleBindingLike, RoleBindingPlan } from "./types.ts";

/**
 * RoleBinding reads and writes, as a user or (reads only) as the console. What the bindings mean
 * for a team is `lib/teams`' business; these calls only carry them to the API server and back.
 */

const rbacAs = (identity: KubeIdentity) => apisAs(identity).rbac;

/** The RoleBindings of a namespace, read as the user: the API server decides whether they may. */
export async function listRoleBindingsAs(
  identity: KubeIdentity,
  namespace: string,
): Promise<RoleBindingLike[]> {
  const list = await kubeCall(() => rbacAs(identity).listNamespacedRoleBinding({ namespace }));
  return list.items as RoleBindingLike[];
}

/**
 * RoleBindings read under the console's own identity: of one namespace, or (no namespace) of all
 * of them in one call. Only for the questions the console answers itself (team membership).
 */
export async function listRoleBindingsAsConsole(namespace?: string): Promise<RoleBindingLike[]> {
  const rbac = consoleApis().rbac;
  const list = await kubeCall(() =>
    namespace === undefined
      ? rbac.listRoleBindingForAllNamespaces({})
      : rbac.listNamespacedRoleBinding({ namespace }),
  );
  return list.items as RoleBindingLike[];
}

/**
 * Applies a plan as the user, in its order: the new or extended binding first, then the old ones
 * rewritten or deleted, each guarded by the resourceVersion that was read, so a binding someone
 * changed in between answers 409 instead of being overwritten. When a rewrite or delete is
 * refused, the grant is undone (best effort), so the subject keeps its old role only.
 */
export async function applyRoleBindingPlan(
  identity: KubeIdentity,
  namespace: string,
  plan: RoleBindingPlan,
): Promise<void> {
  const rbac = rbacAs(identity);
  const replace = async (body: RoleBindingLike) =>
    (await kubeCall(() =>
      rbac.replaceNamespacedRoleBinding({
        name: body.metadata.name ?? "",
        namespace,
        body: body as V1RoleBinding,
        fieldManager: FIELD_MANAGER,
      }),
    )) as RoleBindingLike;
  const created = plan.create?.metadata.name;
  let extended: RoleBindingLike | undefined;
  if (plan.create) {
    const body = plan.create as V1RoleBinding;
    await kubeCall(() => rbac.createNamespacedRoleBinding({ namespace, body, fieldManager: FIELD_MANAGER }));
  }
  if (plan.extend) extended = await replace(plan.extend);
  try {
    for (const b of plan.update) await replace(b);
    for (const r of plan.remove) await deleteRoleBindingAs(identity, namespace, r.name, r.resourceVersion);
  } catch (err) {
    if (created) await deleteRoleBindingAs(identity, namespace, created).catch(() => {});
    if (extended && plan.extend) {
      const added = plan.extend.subjects?.at(-1);
      const subjects = (extended.subjects ?? []).filter(
        (s) => !(s.kind === added?.kind && s.name === added?.name),
      );
      await replace({ ...extended, subjects }).catch(() => {});
    }
    throw err;
  }
}

/** Deletes a RoleBinding as the user; with a resourceVersion, only if it is still that version. */
export async function deleteRoleBindingAs(
  identity: KubeIdentity,
  namespace: string,
  name: string,
  resourceVersion?: string,
): Promise<void> {
  await kubeCall(() =>
    rbacAs(identity).deleteNamespacedRoleBinding({
      name,
      namespace,
      body: resourceVersion ? { preconditions: { resourceVersion } } : undefined,
    }),
  );
}

/**
 * Server-side applies a RoleBinding as the user, forcing ownership: the binding ends up with
 * exactly these labels (of the console's), role and subjects, however it looked before.
 */
export async function applyRoleBindingAs(
  identity: KubeIdentity,
  namespace: string,
  binding: { name: string; labels: Record<string, string> } & Pick<RoleBindingLike, "roleRef" | "subjects">,
): Promise<void> {
  const { name, labels, roleRef, subjects } = binding;
  await kubeCall(() =>
    rbacAs(identity).patchNamespacedRoleBinding(
      {
        name,
        namespace,
        body: {
          apiVersion: `${RBAC_GROUP}/v1`,
          kind: "RoleBinding",
          metadata: { name, namespace, labels },
          roleRef,
          subjects: subjects ?? [],
        },
        ...APPLY_PARAMS,
      },
      APPLY_OPTIONS,
    ),
  );
}
