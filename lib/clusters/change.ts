import "server-only";
import { kubectlPatchCommand, workerNodes } from "@/lib/capi/cluster-manifest.ts";
import { formFieldOf } from "@/lib/capi/field-paths.ts";
import { toYaml } from "@/lib/capi/to-yaml.ts";
import { scaledTopology, upgradedTopology } from "@/lib/capi/topology.ts";
import { topologyFingerprint } from "@/lib/capi/topology-fingerprint.ts";
import { type DiffLine, diffLines } from "@/lib/diff.ts";
import { ActionError, says, withFormFields } from "@/lib/errors.ts";
import { ClusterSpecChanged, deleteCluster, getCluster, replaceClusterTopology } from "@/lib/k8s/clusters.ts";
import { mergePatchBetween } from "@/lib/k8s/merge-patch.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import type { TeamActor } from "@/lib/teams/membership.ts";
import type { ScaleClusterInput, UpgradeClusterInput } from "@/lib/validation/cluster.ts";
import { checkNodeQuota, offersFor } from "./offers.ts";

/**
 * What a change would do, checked by the API server (dry run), before the user confirms it, and the
 * kubectl commands that make the same change.
 */
export type ChangeReview = { diff: DiffLine[]; kubectl: string[] };

/** Dry run: review only, nothing stored or audited. */
type Mode = { dryRun: boolean };

/**
 * Loads a cluster for a change and refuses when its topology changed since the user loaded it
 * (`base` is the fingerprint they saw). Status updates and fields controllers fill in do not count.
 */
async function loadForChange({ user, team }: TeamActor, name: string, base: string): Promise<Cluster> {
  const cluster = await getCluster(user.identity, team.namespace, name);
  if (cluster.metadata.deletionTimestamp)
    throw new ActionError(says("clusterBeingDeleted"), {}, {}, "conflict");
  if (!cluster.spec.topology) throw new ActionError(says("notTopology"), {}, {}, "conflict");
  if (topologyFingerprint(cluster.spec.topology) !== base) throw changedSinceLoaded();
  return cluster;
}

const changedSinceLoaded = () => new ActionError(says("clusterChanged"), {}, {}, "stale");

/**
 * The one path of scale and upgrade. The change is computed from the cluster as it is now,
 * guarded by the topology the user saw, and sent as the user with that read's generation as
 * precondition (see replaceClusterTopology): the controllers' status writes do not refuse it, a
 * change of the spec by anyone in between does, and then the change is recomputed from a fresh read
 * (at most five times, with a short jittered pause) unless that read shows a different topology,
 * which is reported as a conflict. Returns the diff; only the real write is audited.
 */
function changeTopology(
  actor: TeamActor,
  target: { name: string; base: string },
  { dryRun }: Mode,
  event: { action: string; details: Record<string, unknown> },
  compute: (cluster: Cluster) => Promise<Record<string, unknown>>,
): Promise<ChangeReview> {
  const { user, team } = actor;
  const apply = async (): Promise<ChangeReview> => {
    for (let attempt = 1; ; attempt++) {
      const cluster = await loadForChange(actor, target.name, target.base);
      const topology = await compute(cluster);
      const after = {
        ...cluster,
        spec: { ...cluster.spec, topology: topology as Cluster["spec"]["topology"] },
      };
      try {
        await replaceClusterTopology(
          user.identity,
          team.namespace,
          target.name,
          cluster.metadata.generation ?? 0,
          topology,
          { dryRun },
        );
      } catch (err) {
        if (err instanceof ClusterSpecChanged && attempt < 5) {
          // Someone changed the spec in between: give the next read a moment (jittered,
          // 50–100 ms doubling) rather than racing the same writer again at once.
          await new Promise((r) => setTimeout(r, 50 * 2 ** (attempt - 1) * (1 + Math.random())));
          continue;
        }
        if (err instanceof ClusterSpecChanged) throw changedSinceLoaded();
        throw withFormFields(err, (path) => formFieldOf(path, after));
      }
      return {
        diff: diffLines(toYaml(cluster.spec.topology), toYaml(topology)),
        // The console sends the whole topology under a generation test; kubectl says only what changes.
        kubectl: [
          kubectlPatchCommand(team.namespace, target.name, {
            spec: { topology: mergePatchBetween(cluster.spec.topology ?? {}, topology) },
          }),
        ],
      };
    }
  };
  if (dryRun) return apply();
  return actor.audited(
    { action: event.action, targetKind: "Cluster", targetName: target.name, details: event.details },
    apply,
  );
}

/** Scales the control plane and worker pools (pools added and removed too), within the node quota. */
export function scaleCluster(actor: TeamActor, input: ScaleClusterInput, mode: Mode): Promise<ChangeReview> {
  const details = {
    controlPlaneReplicas: input.controlPlaneReplicas,
    workers: input.workers.map((w) => ({ name: w.name, replicas: w.replicas, autoscaling: w.autoscaling })),
  };
  return changeTopology(actor, input, mode, { action: "cluster.scale", details }, async (cluster) => {
    const topology = scaledTopology(cluster, input.controlPlaneReplicas, input.workers);
    if (toYaml(topology) === toYaml(cluster.spec.topology)) throw new ActionError(says("nothingToChange"));
    await checkNodeQuota(actor.user, actor.team, workerNodes(input.workers), input.name);
    return topology;
  });
}

/** Upgrades the Kubernetes version (and stack release) along an upgrade path the offers allow. */
export async function upgradeCluster(
  actor: TeamActor,
  input: UpgradeClusterInput,
  mode: Mode,
): Promise<ChangeReview> {
  const offers = await offersFor(actor.user, actor.team);
  const details = { className: input.className, version: input.version };
  return changeTopology(actor, input, mode, { action: "cluster.upgrade", details }, async (cluster) => {
    const topology = upgradedTopology(cluster, offers, input);
    if (!topology) throw new ActionError(says("notAnUpgrade"), { version: says("notAnUpgradeField") });
    return topology;
  });
}

/**
 * Deletes the cluster as the user (in the background: see lib/k8s/clusters), audited; a dry run
 * asks the API server whether it would allow it and deletes (and audits) nothing.
 */
export function removeCluster(
  actor: TeamActor,
  name: string,
  { dryRun }: Mode = { dryRun: false },
): Promise<{ name: string }> {
  const remove = async () => {
    await deleteCluster(actor.user.identity, actor.team.namespace, name, { dryRun });
    return { name };
  };
  if (dryRun) return remove();
  return actor.audited({ action: "cluster.delete", targetKind: "Cluster", targetName: name }, remove);
}
