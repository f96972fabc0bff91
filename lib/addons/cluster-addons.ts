import "server-only";
import { listOf } from "@/lib/action-words.ts";
import {
  type AddonChoice,
  addonChoiceErrors,
  addonChoicesOf,
  addonLabel,
  addonMetadataPatch,
  dependents,
  kubectlMetadataCommands,
  settingAnnotation,
} from "@/lib/capi/addon-catalog.ts";
import { toYaml } from "@/lib/capi/to-yaml.ts";
import type { ChangeReview } from "@/lib/clusters/change.ts";
import { diffLines } from "@/lib/diff.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { getCluster, patchClusterMetadata } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import type { TeamActor } from "@/lib/teams/membership.ts";
import type { ClusterAddonInput } from "@/lib/validation/addons.ts";
import { addonOffersFor } from "./catalog.ts";

/** A reviewed add-on change: the metadata diff and the kubectl commands that do the same. */
export type AddonChangeReview = ChangeReview;

/** The add-on part of a Cluster's metadata (its labels and annotations under the add-on prefix). */
function addonMetadataOf(cluster: Cluster, id: string) {
  const pick = (m: Record<string, string> | undefined, keep: (k: string) => boolean) =>
    Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => keep(k)));
  return {
    labels: pick(cluster.metadata.labels, (k) => k === addonLabel(id)),
    annotations: pick(cluster.metadata.annotations, (k) => k.startsWith(settingAnnotation(id, ""))),
  };
}

function applyPatch(meta: Record<string, string>, patch: Record<string, string | null>) {
  const out = { ...meta };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * Enables, disables or reconfigures one offered add-on on a cluster: a merge patch of the Cluster's
 * label `addons.kaas.scs.community/<id>` and its settings' annotations, sent as the user (the API
 * server decides: viewers cannot patch Clusters) with the resourceVersion it was computed from, and
 * recomputed on a conflict (at most three times). Requirements are enforced both ways: an add-on is
 * enabled only with what it needs, and not disabled while an enabled one needs it. With `dryRun` the
 * API server checks the patch and stores nothing; only the real write is audited.
 */
export async function changeClusterAddon(
  actor: TeamActor,
  input: ClusterAddonInput,
  { dryRun }: { dryRun: boolean },
): Promise<AddonChangeReview> {
  const { user, team } = actor;
  const offers = await addonOffersFor(team.namespace);
  const offer = offers.find((o) => o.id === input.addon);
  if (!offer) throw new ActionError(says("addonNotOffered"));
  const choice: AddonChoice = { id: input.addon, enabled: input.enabled, settings: input.settings ?? {} };

  const apply = async (): Promise<AddonChangeReview> => {
    for (let attempt = 1; ; attempt++) {
      const cluster = await getCluster(user.identity, team.namespace, input.name);
      if (cluster.metadata.deletionTimestamp) throw new ActionError(says("clusterBeingDeleted"));
      const choices = addonChoicesOf(offers, cluster.metadata).map((c) => (c.id === choice.id ? choice : c));
      const prefix = `addons.${choice.id}`;
      const errors = Object.fromEntries(
        Object.entries(addonChoiceErrors(offers, choices))
          .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
          .map(([k, v]) => [k === prefix ? "addon" : `settings.${k.slice(prefix.length + 1)}`, v]),
      );
      if (Object.keys(errors).length) {
        throw new ActionError(errors.addon ?? says("checkAddonSettings"), errors);
      }
      if (!choice.enabled) {
        const needing = dependents(
          offers,
          choices.filter((c) => c.enabled).map((c) => c.id),
          choice.id,
        );
        if (needing.length)
          throw new ActionError(
            says("addonNeeded", {
              names: listOf(needing.map((o) => o.title)),
              count: needing.length,
              addon: offer.title,
            }),
            { addon: says("addonNeededField") },
          );
      }
      const patch = addonMetadataPatch(offer, cluster.metadata, choice);
      if (!patch) throw new ActionError(says("nothingToChange"));
      const before = addonMetadataOf(cluster, offer.id);
      const after = {
        labels: applyPatch(before.labels, patch.labels),
        annotations: applyPatch(before.annotations, patch.annotations),
      };
      try {
        await patchClusterMetadata(
          user.identity,
          team.namespace,
          input.name,
          cluster.metadata.resourceVersion ?? "",
          patch,
          { dryRun },
        );
      } catch (err) {
        if (err instanceof KubeError && err.status === 409 && attempt < 3) continue;
        throw err;
      }
      return {
        diff: diffLines(toYaml({ metadata: before }), toYaml({ metadata: after })),
        kubectl: kubectlMetadataCommands(team.namespace, input.name, patch),
      };
    }
  };
  if (dryRun) return apply();
  // Names the change in the audit log: switching on, off, or new settings of an enabled add-on.
  const wasOn = await getCluster(user.identity, team.namespace, input.name).then(
    (c) => c.metadata.labels?.[addonLabel(input.addon)] === "enabled",
    () => false,
  );
  return actor.audited(
    {
      action: !input.enabled
        ? "cluster.addon.disable"
        : wasOn
          ? "cluster.addon.configure"
          : "cluster.addon.enable",
      targetKind: "Cluster",
      targetName: input.name,
      details: { addon: input.addon, ...(input.enabled ? { settings: input.settings ?? {} } : {}) },
    },
    apply,
  );
}
