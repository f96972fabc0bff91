import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { backends, useMigratedDb } from "../../tests/integration/support/db-backends.ts";
import { apiTokens } from "../schema.ts";
import {
  createApiToken,
  findActiveApiToken,
  latestSessionGroups,
  listApiTokens,
  revokeApiToken,
  revokeApiTokensForSubject,
} from "./api-tokens.ts";
import { findIdempotentAnswer, storeIdempotentAnswer } from "./idempotency.ts";
import { createSession } from "./sessions.ts";
import { upsertTeam } from "./teams.ts";

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

describe.each(backends)("API tokens on $name", (backend) => {
  const db = useMigratedDb(backend);

  it("keeps only the hash, finds a token by its clear text, and not a changed, expired or revoked one", async () => {
    const team = await upsertTeam(db(), { slug: "tk", displayName: "T", namespace: "tk" });
    const base = {
      teamId: team.id,
      subject: "alice",
      role: "member" as const,
      platform: false,
      groups: ["team-a"],
    };
    const { token, info } = await createApiToken(db(), { ...base, name: "ci", expiresAt: inDays(30) });
    expect(token).toMatch(/^kaas_pat_[A-Za-z0-9_-]{43}$/);
    expect(info.displayPrefix).toBe(token.slice(0, 17));
    const [stored] = await db().select().from(apiTokens).where(sql`${apiTokens.id} = ${info.id}`);
    expect(JSON.stringify(stored)).not.toContain(token.slice(17));

    const found = await findActiveApiToken(db(), token);
    expect(found).toMatchObject({ id: info.id, subject: "alice", role: "member", groups: ["team-a"] });
    expect(found).not.toHaveProperty("secretHash");
    expect((await listApiTokens(db(), team.id, "alice"))[0]?.lastUsedAt).toBeInstanceOf(Date);

    const last = token.at(-1) === "A" ? "B" : "A";
    expect(await findActiveApiToken(db(), `${token.slice(0, -1)}${last}`)).toBeUndefined();
    expect(await findActiveApiToken(db(), "kaas_pat_short")).toBeUndefined();

    const old = await createApiToken(db(), { ...base, name: "old", expiresAt: new Date(Date.now() - 1000) });
    expect(await findActiveApiToken(db(), old.token)).toBeUndefined();

    expect(await revokeApiToken(db(), { id: info.id, teamId: team.id, subject: "bob" })).toBeUndefined();
    expect(await revokeApiToken(db(), { id: info.id, teamId: team.id, subject: "alice" })).toBe("ci");
    expect(await findActiveApiToken(db(), token)).toBeUndefined();
  });

  it("ends every token of a subject, and reads groups from the latest session", async () => {
    const team = await upsertTeam(db(), { slug: "tk2", displayName: "T", namespace: "tk2" });
    const mk = (subject: string) =>
      createApiToken(db(), {
        teamId: team.id,
        subject,
        name: subject,
        role: "viewer",
        platform: false,
        groups: [],
        expiresAt: inDays(1),
      });
    const erin = await mk("erin");
    const carol = await mk("carol");
    expect(await revokeApiTokensForSubject(db(), "erin")).toBe(1);
    expect(await findActiveApiToken(db(), erin.token)).toBeUndefined();
    expect(await findActiveApiToken(db(), carol.token)).toBeDefined();

    expect(await latestSessionGroups(db(), "nobody")).toEqual([]);
    await createSession(db(), { subject: "erin", groups: ["old"], expiresAt: inDays(1) });
    await new Promise((r) => setTimeout(r, 20));
    await createSession(db(), { subject: "erin", groups: ["team-a"], expiresAt: inDays(1) });
    expect(await latestSessionGroups(db(), "erin")).toEqual(["team-a"]);
  });

  it("keeps an idempotent answer per caller, route and key", async () => {
    const scope = { subject: "alice", route: "POST /api/v1/teams/a/clusters", key: "k1" };
    expect(await findIdempotentAnswer(db(), scope)).toBeUndefined();
    await storeIdempotentAnswer(db(), scope, { requestHash: "h", status: 201, body: { name: "x" } });
    await storeIdempotentAnswer(db(), scope, { requestHash: "h2", status: 500, body: null });
    expect(await findIdempotentAnswer(db(), scope)).toEqual({
      requestHash: "h",
      status: 201,
      body: { name: "x" },
    });
    expect(await findIdempotentAnswer(db(), { ...scope, subject: "bob" })).toBeUndefined();
  });
});
