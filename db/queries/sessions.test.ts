import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { backends, useMigratedDb } from "../../tests/integration/support/db-backends.ts";
import { authSessions } from "../schema.ts";
import {
  createSession,
  getActiveSession,
  getSessionTokens,
  revokeSession,
  revokeSessionsForSubject,
  subjectsForEmail,
  updateSessionTokens,
} from "./sessions.ts";

const inAnHour = () => new Date(Date.now() + 3600_000);

describe.each(backends)("sessions on $name", (backend) => {
  const db = useMigratedDb(backend);

  it("creates a session with a random 32-byte id and reads it back without tokens", async () => {
    const created = await createSession(db(), {
      subject: "alice",
      email: "alice@example.test",
      groups: ["team-a"],
      idToken: "id-token",
      refreshToken: "refresh-token",
      expiresAt: inAnHour(),
    });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await createSession(db(), { subject: "alice", groups: [], expiresAt: inAnHour() });
    expect(other.id).not.toBe(created.id);

    const active = await getActiveSession(db(), created.id);
    expect(active).toMatchObject({
      subject: "alice",
      email: "alice@example.test",
      name: null,
      groups: ["team-a"],
    });
    expect(active).not.toHaveProperty("refreshToken");
    expect(active).not.toHaveProperty("idToken");
    expect(await getSessionTokens(db(), created.id)).toEqual({
      idToken: "id-token",
      refreshToken: "refresh-token",
      accessTokenExpiresAt: null,
    });
    expect(await getActiveSession(db(), "no-such-session")).toBeUndefined();
  });

  it("does not return expired sessions", async () => {
    const s = await createSession(db(), {
      subject: "bob",
      groups: [],
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await getActiveSession(db(), s.id)).toBeUndefined();
    expect(await getSessionTokens(db(), s.id)).toBeUndefined();
    expect(await updateSessionTokens(db(), s.id, { refreshToken: "new" })).toBe(false);
  });

  it("bumps lastSeenAt at most once a minute", async () => {
    const s = await createSession(db(), { subject: "carol", groups: [], expiresAt: inAnHour() });
    const first = await getActiveSession(db(), s.id);
    expect(first?.lastSeenAt).toEqual(s.lastSeenAt);

    await db()
      .update(authSessions)
      .set({ lastSeenAt: sql`now() - interval '2 minutes'` })
      .where(sql`${authSessions.id} = ${s.id}`);
    const [aged] = await db().select({ lastSeenAt: authSessions.lastSeenAt }).from(authSessions);
    const bumped = await getActiveSession(db(), s.id);
    expect(bumped?.lastSeenAt.getTime()).toBeGreaterThan(Number(aged?.lastSeenAt.getTime()) + 60_000);
    const again = await getActiveSession(db(), s.id);
    expect(again?.lastSeenAt).toEqual(bumped?.lastSeenAt);
  });

  it("revokes one session, or all of a subject's", async () => {
    const a1 = await createSession(db(), { subject: "alice", groups: [], expiresAt: inAnHour() });
    const a2 = await createSession(db(), { subject: "alice", groups: [], expiresAt: inAnHour() });
    const a3 = await createSession(db(), { subject: "alice", groups: [], expiresAt: inAnHour() });
    const b1 = await createSession(db(), { subject: "bob", groups: [], expiresAt: inAnHour() });

    expect(await revokeSession(db(), a1.id)).toBe(true);
    expect(await revokeSession(db(), a1.id)).toBe(false);
    expect(await getActiveSession(db(), a1.id)).toBeUndefined();
    expect(await getActiveSession(db(), a2.id)).toBeDefined();

    expect(await revokeSessionsForSubject(db(), "alice")).toBe(2);
    expect(await getActiveSession(db(), a2.id)).toBeUndefined();
    expect(await getActiveSession(db(), a3.id)).toBeUndefined();
    expect(await getActiveSession(db(), b1.id)).toBeDefined();
    expect(await updateSessionTokens(db(), a3.id, { refreshToken: "late" })).toBe(false);
  });

  it("updates tokens of an active session, leaving omitted ones", async () => {
    const s = await createSession(db(), {
      subject: "dave",
      groups: [],
      idToken: "id-1",
      refreshToken: "rt-1",
      expiresAt: inAnHour(),
    });
    const accessTokenExpiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 300_000);
    expect(await updateSessionTokens(db(), s.id, { refreshToken: "rt-2", accessTokenExpiresAt })).toBe(true);
    expect(await getSessionTokens(db(), s.id)).toEqual({
      idToken: "id-1",
      refreshToken: "rt-2",
      accessTokenExpiresAt,
    });
    expect((await getActiveSession(db(), s.id))?.accessTokenExpiresAt).toEqual(accessTokenExpiresAt);
  });

  it("finds the subjects that signed in with an email, ignoring case", async () => {
    await createSession(db(), {
      subject: "dave",
      email: "Dave@Example.test",
      groups: [],
      expiresAt: inAnHour(),
    });
    await createSession(db(), {
      subject: "dave",
      email: "dave@example.test",
      groups: [],
      expiresAt: inAnHour(),
    });
    await createSession(db(), {
      subject: "erin",
      email: "erin@example.test",
      groups: [],
      expiresAt: inAnHour(),
    });
    expect(await subjectsForEmail(db(), "DAVE@example.test")).toEqual(["dave"]);
    expect(await subjectsForEmail(db(), "nobody@example.test")).toEqual([]);
  });
});
