import "server-only";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import { clusterManifest, kubectlApplyCommand, toYaml, workerNodes } from "@/lib/capi/cluster-manifest.ts";
import { formFieldOf } from "@/lib/capi/field-paths.ts";
import { validateVariables } from "@/lib/capi/variables.ts";
import { ActionError, withFormFields } from "@/lib/errors.ts";
import { createCluster } from "@/lib/k8s/clusters.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import type { TeamActor } from "@/lib/teams/membership.ts";
import type { CreateClusterInput } from "@/lib/validation/cluster.ts";
import { checkNodeQuota, offersFor } from "./offers.ts";

/**
 * What the review step shows: the manifest the API server accepted in its dry run with its
 * `kubectl` command, and the same request as a file for the `kaas` CLI with its command.
 */
export type ClusterPreview = {
  yaml: string;
  command: string;
  fileName: string;
  kaas: { yaml: string; command: string; fileName: string };
};

/**
 * Checks a create request against what the team is offered (class, version, worker classes,
 * variable schemas) and its node quota, and builds its manifest. The API server checks again.
 */
async function prepare(
  { user, team }: TeamActor,
  input: CreateClusterInput,
  offers: readonly ClassOffer[],
): Promise<Cluster> {
  const offer = offers.find((o) => o.name === input.className);
  if (!offer)
    throw new ActionError("Choose one of the cluster classes offered to your team.", {
      className: "Not offered to this team",
    });
  const fields: Record<string, string> = {};
  if (offer.versions.length && !offer.versions.includes(input.version)) {
    fields.version = `This class offers ${offer.versions.join(", ")}`;
  }
  input.workers.forEach((w, i) => {
    if (!offer.workerClasses.some((c) => c.name === w.class))
      fields[`workers.${i}.class`] = "Not a worker class of this cluster class";
  });
  for (const [key, message] of Object.entries(validateVariables(offer.variables, input.variables))) {
    fields[`variables.${key}`] = message;
  }
  if (Object.keys(fields).length) throw new ActionError("Some fields need your attention.", fields);
  await checkNodeQuota(user, team, workerNodes(input.workers));
  return clusterManifest(team.namespace, input);
}

/** Sends the manifest as the user; the API server's field errors land on the form's fields. */
async function send(actor: TeamActor, manifest: Cluster, dryRun: boolean): Promise<void> {
  try {
    await createCluster(actor.user.identity, actor.team.namespace, manifest, { dryRun });
  } catch (err) {
    throw withFormFields(err, (path) => formFieldOf(path, manifest));
  }
}

/**
 * The review step: the API server runs schema, webhooks and quota in a dry run as the user would
 * meet them, and nothing is stored (so nothing is audited). Returns the YAML and kubectl command.
 */
export async function previewClusterCreate(
  actor: TeamActor,
  input: CreateClusterInput,
): Promise<ClusterPreview> {
  const manifest = await prepare(actor, input, await offersFor(actor.user, actor.team));
  await send(actor, manifest, true);
  const fileName = `${input.name}.yaml`;
  const { team: _team, ...request } = input;
  const kaasFile = `${input.name}.kaas.yaml`;
  return {
    yaml: toYaml(manifest),
    command: kubectlApplyCommand(actor.team.namespace, fileName),
    fileName,
    kaas: {
      yaml: toYaml(request),
      command: `kaas clusters create -f ${kaasFile} --team ${actor.team.slug}`,
      fileName: kaasFile,
    },
  };
}

/** Creates the cluster as the user, audited (refusals too). */
export async function createTeamCluster(
  actor: TeamActor,
  input: CreateClusterInput,
): Promise<{ name: string }> {
  const offers = await offersFor(actor.user, actor.team);
  const details = {
    class: input.className,
    version: input.version,
    controlPlaneReplicas: input.controlPlaneReplicas,
    workers: input.workers.map((w) => ({ name: w.name, class: w.class, replicas: w.replicas })),
  };
  return actor.audited(
    { action: "cluster.create", targetKind: "Cluster", targetName: input.name, details },
    async () => {
      await send(actor, await prepare(actor, input, offers), false);
      return { name: input.name };
    },
  );
}
