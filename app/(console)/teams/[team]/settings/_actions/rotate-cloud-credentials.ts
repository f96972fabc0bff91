"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { ActionError } from "@/lib/errors.ts";
import { CLOUD_SECRET, writeCloudCredentialsAs } from "@/lib/k8s/cloud-credentials.ts";
import { checkCloudsYaml, rotateCloudCredentialsInput } from "@/lib/validation/cloud-credentials.ts";

const rotate = teamAction({
  schema: rotateCloudCredentialsInput,
  name: "credentials.rotate",
  needs: "admin",
  run: async ({ user, team, input, audited }) => {
    const check = checkCloudsYaml(input.cloudsYaml);
    if (!check.ok) {
      // A refused upload is an attempt too: audited, with the reason and nothing of the file.
      const { words } = check;
      return audited(
        {
          action: "credentials.rotate",
          targetKind: "Secret",
          targetName: CLOUD_SECRET,
          details: { valid: false },
        },
        async (): Promise<never> => {
          throw new ActionError(words, { cloudsYaml: words });
        },
      );
    }
    const { cloudName, authUrl, region } = check.summary;
    // The audit row names the cloud and endpoint only: never the file or the credential.
    const result = await audited(
      {
        action: "credentials.rotate",
        targetKind: "Secret",
        targetName: CLOUD_SECRET,
        details: { cloud: cloudName, authUrl, region },
      },
      () =>
        writeCloudCredentialsAs(user.identity, team.namespace, {
          cloudsYaml: input.cloudsYaml,
          cloudName,
          authUrl,
        }),
    );
    revalidatePath(`/teams/${team.slug}/settings`);
    return { replaced: result.replaced, cloudName };
  },
});

/**
 * Uploads or rotates the team's OpenStack application credential: a clouds.yaml checked for shape,
 * written as the admin into the `openstack` Secret. Nothing of it is returned; audited.
 */
export async function rotateCloudCredentialsAction(
  raw: unknown,
): Promise<ActionResult<{ replaced: boolean; cloudName: string }>> {
  return rotate(raw);
}
