import "server-only";
import { kaasCreateCommand } from "@/cli/commands.ts";
import { addonOffersFor } from "@/lib/addons/catalog.ts";
import { type AddonOffer, addonChoiceErrors, addonMetadata } from "@/lib/capi/addon-catalog.ts";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import { clusterManifest, kubectlApplyCommand, workerNodes } from "@/lib/capi/cluster-manifest.ts";
import { formFieldOf } from "@/lib/capi/field-paths.ts";
import { toYaml } from "@/lib/capi/to-yaml.ts";
import { validateVariables } from "@/lib/capi/variables.ts";
import { ActionError, type ActionWords, says, withFormFields } from "@/lib/errors.ts";
import { createCluster } from "@/lib/k8s/clusters.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import type { TeamActor } from "@/lib/teams/membership.ts";
import type { CreateClusterInput } from "@/lib/validation/cluster.ts";
import { checkNodeQuota, offersFor } from "./offers.ts";

/**
 * What the review step shows: the manifest the API server accepted in its dry run with its
 * `kubectl` command, the add-on labels and annotations it carries, listed on their own, and the
 * same request as a file for the `kaas` CLI with its command.
 */
export type ClusterPreview = {
  yaml: string;
  command: string;
  fileName: string;
  namespace: string;
  addons: { labels: Record<string, string>; annotations: Record<string, string> };
  kaas: { yaml: string; command: string; fileName: string };
};

/** The team's add-on offers, read only when the request chose add-ons. */
function addonOffersOf(actor: TeamActor, input: CreateClusterInput): Promise<AddonOffer[]> {
  return input.addons.length ? addonOffersFor(actor.team.namespace) : Promise.resolve([]);
}

/**
 * Checks a create request against what the team is offered (class, version, worker classes,
 * variable schemas) and its node quota, and builds its manifest. The API server checks again.
 */
async function prepare(
  { user, team }: TeamActor,
  input: CreateClusterInput,
  offers: readonly ClassOffer[],
  addonOffers: readonly AddonOffer[],
): Promise<Cluster> {
  const offer = offers.find((o) => o.name === input.className);
  if (!offer) throw new ActionError(says("classNotOffered"), { className: says("classNotOfferedField") });
  const fields: Record<string, string | ActionWords> = {};
  if (offer.versions.length && !offer.versions.includes(input.version)) {
    fields.version = says("versionsOfferedField", { versions: offer.versions.join(", ") });
  }
  input.workers.forEach((w, i) => {
    if (!offer.workerClasses.some((c) => c.name === w.class))
      fields[`workers.${i}.class`] = says("notWorkerClassField");
  });
  for (const [key, words] of Object.entries(validateVariables(offer.variables, input.variables))) {
    fields[`variables.${key}`] = words;
  }
  Object.assign(fields, addonChoiceErrors(addonOffers, input.addons));
  if (Object.keys(fields).length) throw new ActionError(says("fieldsNeedAttention"), fields);
  await checkNodeQuota(user, team, workerNodes(input.workers));
  return clusterManifest(team.namespace, input, addonMetadata(addonOffers, input.addons));
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
  const [offers, addonOffers] = await Promise.all([
    offersFor(actor.user, actor.team),
    addonOffersOf(actor, input),
  ]);
  const manifest = await prepare(actor, input, offers, addonOffers);
  await send(actor, manifest, true);
  const fileName = `${input.name}.yaml`;
  const { team: _team, ...request } = input;
  const kaasFile = `${input.name}.kaas.yaml`;
  return {
    yaml: toYaml(manifest),
    command: kubectlApplyCommand(actor.team.namespace, fileName),
    fileName,
    namespace: actor.team.namespace,
    addons: {
      labels: manifest.metadata.labels ?? {},
      annotations: manifest.metadata.annotations ?? {},
    },
    kaas: {
      yaml: toYaml(request),
      command: kaasCreateCommand(actor.team.slug, kaasFile),
      fileName: kaasFile,
    },
  };
}

/** Creates the cluster as the user, audited (refusals too). */
export async function createTeamCluster(
  actor: TeamActor,
  input: CreateClusterInput,
): Promise<{ name: string }> {
  const [offers, addonOffers] = await Promise.all([
    offersFor(actor.user, actor.team),
    addonOffersOf(actor, input),
  ]);
  const details = {
    class: input.className,
    version: input.version,
    controlPlaneReplicas: input.controlPlaneReplicas,
    workers: input.workers.map((w) => ({ name: w.name, class: w.class, replicas: w.replicas })),
    addons: input.addons.filter((a) => a.enabled).map((a) => a.id),
  };
  return actor.audited(
    { action: "cluster.create", targetKind: "Cluster", targetName: input.name, details },
    async () => {
      await send(actor, await prepare(actor, input, offers, addonOffers), false);
      return { name: input.name };
    },
  );
}
