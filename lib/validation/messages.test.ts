import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { english } from "@/lib/i18n/english.ts";
import de from "@/lib/i18n/messages/de.json" with { type: "json" };
import { createTeamInput } from "./admin.ts";
import { createApiTokenInput } from "./api-tokens.ts";
import { rotateCloudCredentialsInput } from "./cloud-credentials.ts";
import { createClusterInput, deleteClusterInput } from "./cluster.ts";
import { issueFields, type Translate } from "./messages.ts";
import { registryConnectionInput } from "./registry.ts";

const german = createTranslator({ locale: "de", messages: de }) as unknown as Translate;
const api = { t: english, page: false };
const germanPage = { t: german, page: true };

const errorsOf = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected a refusal");
  return parsed.error;
};

const badTeam = {
  slug: "a",
  displayName: "",
  adminGroups: "",
  memberGroups: "",
  viewerGroups: "",
  maxClusters: "-1",
  maxWorkerNodes: "1000000",
};

describe("the shared schemas' messages", () => {
  it("read in English for the API and the CLI, with the bounds the schema sets", () => {
    expect(issueFields(errorsOf(createTeamInput, badTeam), api)).toEqual({
      slug: "At least 2 characters",
      displayName: "Enter a display name",
      maxClusters: "Cannot be negative",
      maxWorkerNodes: "At most 100000",
    });
    expect(
      issueFields(errorsOf(deleteClusterInput, { team: "t", name: "c1", confirmName: "c2" }), api),
    ).toEqual({ confirmName: "Type the cluster's name to confirm" });
  });

  it("read in German on a German page, the same bounds and values", () => {
    expect(issueFields(errorsOf(createTeamInput, badTeam), germanPage)).toEqual({
      slug: "Mindestens 2 Zeichen",
      displayName: "Geben Sie einen Anzeigenamen ein",
      maxClusters: "Darf nicht negativ sein",
      maxWorkerNodes: "Höchstens 100000",
    });
    expect(
      issueFields(
        errorsOf(createApiTokenInput, { team: "t", name: "ci", role: "member", expiresInDays: 365 }),
        germanPage,
      ),
    ).toEqual({ expiresInDays: "Höchstens 90 Tage" });
    expect(
      issueFields(errorsOf(createTeamInput, { ...badTeam, slug: "ab", maxClusters: "x1" }), germanPage),
    ).toMatchObject({ displayName: "Geben Sie einen Anzeigenamen ein" });
  });

  it("say why a quota is refused, not a union's generic words, in both languages", () => {
    const quota = (maxClusters: unknown, reader: typeof api) =>
      issueFields(errorsOf(createTeamInput, { ...badTeam, maxClusters }), reader).maxClusters;
    expect([quota("-1", api), quota("1.5", api), quota("many", api), quota(2.5, api)]).toEqual([
      "Cannot be negative",
      "Whole clusters only",
      "Enter a number of clusters",
      "Whole clusters only",
    ]);
    expect([quota("-1", germanPage), quota("1.5", germanPage), quota("many", germanPage)]).toEqual([
      "Darf nicht negativ sein",
      "Nur ganze Cluster",
      "Geben Sie eine Anzahl an Clustern ein",
    ]);
    // Empty still means no limit, for the form and the API alike.
    const open = createTeamInput.parse({
      ...badTeam,
      slug: "ab",
      displayName: "B",
      maxClusters: "",
      maxWorkerNodes: null,
    });
    expect([open.maxClusters, open.maxWorkerNodes]).toEqual([null, null]);
  });

  it("carry values of their own into both languages", () => {
    const large = errorsOf(rotateCloudCredentialsInput, { team: "t", cloudsYaml: "x".repeat(17 * 1024) });
    expect(issueFields(large, api).cloudsYaml).toBe("A clouds.yaml is at most 16 KB.");
    expect(issueFields(large, germanPage).cloudsYaml).toBe("Eine clouds.yaml ist höchstens 16 KB groß.");
  });

  it("put a refinement of the whole input where its path says, in the reader's language", () => {
    const cluster = {
      team: "t",
      name: "c1",
      className: "k",
      version: "v1.33.1",
      controlPlaneReplicas: 2,
      workers: [
        { name: "md", class: "w", replicas: 1 },
        { name: "md", class: "w", replicas: 1 },
      ],
    };
    expect(issueFields(errorsOf(createClusterInput, cluster), germanPage)).toEqual({
      controlPlaneReplicas: "Wählen Sie 1, 3 oder 5 Knoten für die Control Plane",
      workers: "Die Namen der Worker-Pools müssen eindeutig sein",
    });
  });

  it("leave zod's own wording to the API as it is, and say it in general words on pages", () => {
    const url = errorsOf(registryConnectionInput, { kind: "oci", url: "not a url", username: null });
    expect(issueFields(url, api).url).toBe(url.issues.find((i) => i.path[0] === "url")?.message);
    expect(issueFields(url, api).url).toMatch(/^Invalid/);
    expect(issueFields(url, germanPage).url).toBe("Geben Sie eine URL ein (https://…)");
    // A message a schema words in plain text (none of ours) is shown as it is.
    const plain = errorsOf(z.object({ a: z.string().min(1, "Say something") }), { a: "" });
    expect(issueFields(plain, germanPage)).toEqual({ a: "Say something" });
  });

  it("ask for a missing registry URL rather than call it malformed", () => {
    const empty = errorsOf(registryConnectionInput, { kind: "oci", url: "", username: null });
    expect(issueFields(empty, api).url).toBe("Enter the registry URL");
    expect(issueFields(empty, germanPage).url).toBe("Geben Sie die URL der Registry ein");
  });
});
