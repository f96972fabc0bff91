import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client.ts";
import { getRegistryConnection, getRegistryConnectionForUse } from "@/db/queries/registry-connections.ts";
import { seedDemoTeams } from "@/db/seed.ts";
import { decryptSecret } from "@/lib/crypto.ts";
import { ActionError } from "@/lib/errors.ts";
import { saveRegistryConnection, seedDemoRegistryConnections } from "@/lib/registry/connections.ts";
import { type RegistryConnectionInput, registryConnectionInput } from "@/lib/validation/registry.ts";
import { backends, useMigratedDb } from "./support/db-backends.ts";

const key = randomBytes(32);

/** What the admin action does after its chain validated the input. */
const save = async (
  db: Db,
  args: { teamId: string; actor: string; key: Buffer; input: RegistryConnectionInput },
) => saveRegistryConnection(db, { ...args, connection: registryConnectionInput.parse(args.input) });

describe.each(backends)("registry connections on $name", (backend) => {
  const db = useMigratedDb(backend);

  it("stores the secret only encrypted, bound to the team, and keeps it when none is given", async () => {
    const [teamA] = await seedDemoTeams(db());
    if (!teamA) throw new Error("no team");
    const saved = await save(db(), {
      teamId: teamA.id,
      actor: "oidc:alice",
      key,
      input: {
        kind: "oci",
        url: "https://registry.example.com/",
        repositoryPrefix: "team-a",
        username: "team-a-robot",
        secret: "pa55-word",
      },
    });
    expect(saved).toMatchObject({
      url: "https://registry.example.com",
      repositoryPrefix: "team-a/",
      hasSecret: true,
    });
    expect(saved).not.toHaveProperty("secretEncrypted");
    expect(await getRegistryConnection(db(), teamA.id)).not.toHaveProperty("secretEncrypted");

    const raw = await db().execute(sql`select secret_encrypted from registry_connections`);
    const dump = JSON.stringify(raw);
    expect(dump).not.toContain("pa55-word");
    const forUse = await getRegistryConnectionForUse(db(), teamA.id);
    expect(decryptSecret(forUse?.secretEncrypted ?? "", teamA.id, key)).toBe("pa55-word");

    // Updating without a secret keeps it; one connection per team.
    await save(db(), {
      teamId: teamA.id,
      actor: "oidc:alice",
      key,
      input: {
        kind: "oci",
        url: "https://registry.example.com",
        repositoryPrefix: "team-a/apps",
        username: "x",
      },
    });
    const again = await getRegistryConnectionForUse(db(), teamA.id);
    expect(again).toMatchObject({ repositoryPrefix: "team-a/apps/", username: "x", hasSecret: true });
    expect(decryptSecret(again?.secretEncrypted ?? "", teamA.id, key)).toBe("pa55-word");
  });

  it("refuses URLs that are not plain http(s) and scopes that do not fit the kind", async () => {
    const [teamA] = await seedDemoTeams(db());
    if (!teamA) throw new Error("no team");
    const bad: RegistryConnectionInput[] = [
      { kind: "oci", url: "file:///etc/passwd", repositoryPrefix: "team-a", username: null },
      { kind: "oci", url: "https://user:pw@reg.example.com", repositoryPrefix: "team-a", username: null },
      { kind: "oci", url: "https://reg.example.com?x=1", repositoryPrefix: "team-a", username: null },
      { kind: "oci", url: "https://reg.example.com", repositoryPrefix: "../team-b", username: null },
      { kind: "oci", url: "https://reg.example.com", username: null },
      { kind: "harbor", url: "https://harbor.example.com", repositoryPrefix: "team-a", username: null },
      // Plain http only on a connection marked insecure; realms are origins only.
      { kind: "oci", url: "http://reg.example.com", repositoryPrefix: "team-a", username: null },
      {
        kind: "oci",
        url: "https://reg.example.com",
        repositoryPrefix: "team-a",
        username: null,
        tokenRealms: ["https://auth.example.com/token"],
      },
    ];
    for (const input of bad) {
      await expect(save(db(), { teamId: teamA.id, actor: "t", key, input })).rejects.toThrow();
    }
    const harbor = await save(db(), {
      teamId: teamA.id,
      actor: "t",
      key,
      input: {
        kind: "harbor",
        url: "https://harbor.example.com",
        harborProject: "team-a",
        username: "robot$team-a+console",
        secret: "s",
      },
    });
    expect(harbor).toMatchObject({ kind: "harbor", harborProject: "team-a", repositoryPrefix: null });
  });

  it("asks for the secret again when the registry's origin changes, so it never follows the URL", async () => {
    const [teamA] = await seedDemoTeams(db());
    if (!teamA) throw new Error("no team");
    const base = { kind: "oci", repositoryPrefix: "team-a", username: "team-a-robot" } as const;
    await save(db(), {
      teamId: teamA.id,
      actor: "t",
      key,
      input: { ...base, url: "https://registry.example.com", secret: "pa55-word" },
    });

    const moved = await save(db(), {
      teamId: teamA.id,
      actor: "t",
      key,
      input: { ...base, url: "https://attacker.example.net" },
    }).catch((e: unknown) => e);
    expect(moved).toBeInstanceOf(ActionError);
    expect((moved as ActionError).fieldErrors).toEqual({
      secret: "Enter the secret again: it is only sent to the registry it was set for",
    });
    // http vs https, or another port, is another origin too.
    for (const url of ["http://registry.example.com", "https://registry.example.com:8443"]) {
      await expect(
        save(db(), { teamId: teamA.id, actor: "t", key, input: { ...base, url, insecure: true } }),
      ).rejects.toBeInstanceOf(ActionError);
    }
    // A newly approved token realm, or plain http, would send it elsewhere too.
    for (const change of [{ tokenRealms: ["https://auth.example.org"] }, { insecure: true }]) {
      await expect(
        save(db(), {
          teamId: teamA.id,
          actor: "t",
          key,
          input: { ...base, url: "https://registry.example.com", ...change },
        }),
      ).rejects.toBeInstanceOf(ActionError);
    }
    expect(await getRegistryConnection(db(), teamA.id)).toMatchObject({
      url: "https://registry.example.com",
      tokenRealms: [],
      insecure: false,
    });

    // A path on the same origin keeps the secret; a new URL with the secret again is accepted.
    await save(db(), {
      teamId: teamA.id,
      actor: "t",
      key,
      input: { ...base, url: "https://registry.example.com/mirror" },
    });
    const saved = await save(db(), {
      teamId: teamA.id,
      actor: "t",
      key,
      input: {
        ...base,
        url: "http://registry.internal:5000",
        insecure: true,
        tokenRealms: ["http://registry.internal:5001/"],
        secret: "new-secret",
      },
    });
    expect(saved).toMatchObject({
      url: "http://registry.internal:5000",
      insecure: true,
      tokenRealms: ["http://registry.internal:5001"],
      hasSecret: true,
    });
    const forUse = await getRegistryConnectionForUse(db(), teamA.id);
    expect(decryptSecret(forUse?.secretEncrypted ?? "", teamA.id, key)).toBe("new-secret");
  });

  it("seeds the demo connections from the environment, each team on its own prefix", async () => {
    const env = {
      KAAS_DEMO_REGISTRY_URL: "http://127.0.0.1:15000",
      KAAS_DEMO_REGISTRY_TEAM_A_USERNAME: "team-a-robot",
      KAAS_DEMO_REGISTRY_TEAM_A_PASSWORD: "team-a-robot-dev",
      KAAS_DEMO_REGISTRY_TEAM_B_USERNAME: "team-b-robot",
      KAAS_DEMO_REGISTRY_TEAM_B_PASSWORD: "team-b-robot-dev",
      KAAS_ENCRYPTION_KEY: key.toString("base64"),
    };
    const previous = process.env.KAAS_ENCRYPTION_KEY;
    process.env.KAAS_ENCRYPTION_KEY = env.KAAS_ENCRYPTION_KEY;
    try {
      await seedDemoRegistryConnections(db(), env);
      const seeded = await seedDemoRegistryConnections(db(), env);
      expect(seeded.map((c) => [c.repositoryPrefix, c.username, c.insecure])).toEqual([
        ["team-a/", "team-a-robot", true],
        ["team-b/", "team-b-robot", true],
      ]);
      expect(await seedDemoRegistryConnections(db(), {})).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.KAAS_ENCRYPTION_KEY;
      else process.env.KAAS_ENCRYPTION_KEY = previous;
    }
  });
});
