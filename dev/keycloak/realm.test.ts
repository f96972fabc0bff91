import { describe, expect, it } from "vitest";
import { CONSOLE_PORTS, DEMO_USERS } from "../idp/idp.ts";
import { realmFile, realmForImport } from "./realm.ts";

const secret = "a-test-secret-of-some-length";

describe("the kaas realm Keycloak imports", () => {
  it("has every demo user of the dev IdP, with its password, groups and a complete profile", () => {
    const realm = realmForImport({ clientSecret: secret });
    expect(realm.users?.map((u) => u.username)).toEqual(DEMO_USERS.map((u) => u.username));
    for (const demo of DEMO_USERS) {
      const user = realm.users?.find((u) => u.username === demo.username);
      expect(user).toMatchObject({
        enabled: true,
        email: demo.email,
        emailVerified: true,
        requiredActions: [],
        credentials: [{ type: "password", value: demo.password, temporary: false }],
        groups: demo.groups.map((g) => `/${g}`),
      });
      expect(`${user?.firstName} ${user?.lastName}`).toBe(demo.name);
    }
  });

  it("points back-channel logout at the console's port and fills in the secret", () => {
    const realm = realmForImport({ clientSecret: secret, consolePort: 3105, accessTokenLifespan: 30 });
    const client = realm.clients.find((c) => c.clientId === "kaas-console");
    expect(client?.secret).toBe(secret);
    expect(client?.attributes?.["backchannel.logout.url"]).toBe(
      "http://localhost:3105/api/auth/backchannel-logout",
    );
    expect(realm.accessTokenLifespan).toBe(30);
    for (const port of CONSOLE_PORTS) {
      expect(client?.redirectUris).toContain(`http://127.0.0.1:${port}/api/auth/callback/oidc`);
      expect(client?.attributes?.["post.logout.redirect.uris"]?.split("##")).toContain(
        `http://localhost:${port}/*`,
      );
    }
  });

  it("keeps the committed file usable on its own and leaves it untouched", () => {
    realmForImport({ clientSecret: secret, consolePort: 3190 });
    const file = realmFile();
    expect(file.users).toBeUndefined();
    expect(file).toMatchObject({ realm: "kaas", revokeRefreshToken: true, refreshTokenMaxReuse: 0 });
    expect(
      file.clients.find((c) => c.clientId === "kaas-console")?.attributes?.["backchannel.logout.url"],
    ).toBe("http://localhost:3000/api/auth/backchannel-logout");
  });

  it("refuses a back-channel URL or redirect URI that is not http(s), and silly token lifetimes", () => {
    expect(() =>
      realmForImport({ clientSecret: secret, backchannelLogoutUrl: "javascript:alert(1)" }),
    ).toThrow();
    expect(() => realmForImport({ clientSecret: secret, redirectUris: ["file:///etc/passwd"] })).toThrow();
    expect(() => realmForImport({ clientSecret: secret, accessTokenLifespan: 1 })).toThrow();
  });
});
