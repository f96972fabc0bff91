import { describe, expect, it } from "vitest";
import {
  addressAllowed,
  allowPrivateFromEnv,
  classifyAddress,
  egressFetch,
  realmAllowed,
  redirectAllowed,
} from "./egress.ts";
import { RegistryError } from "./errors.ts";

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["2606:4700:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["fd12:3456::1", "private"],
    ["fc00::1", "private"],
    ["::ffff:10.0.0.1", "private"],
    // URLs write IPv4-mapped literals in hex: `[::ffff:127.0.0.1]` becomes `[::ffff:7f00:1]`.
    [new URL("http://[::ffff:127.0.0.1]/").hostname, "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    [new URL("http://2130706433/").hostname, "loopback"],
    ["169.254.169.254", "link-local"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["100.128.0.1", "public"],
    ["registry.example.com", "invalid"],
  ] as const)("%s is %s", (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it("refuses every non-public address unless private addresses are allowed", () => {
    for (const a of [
      "127.0.0.1",
      "::1",
      "10.0.0.1",
      "172.20.0.1",
      "192.168.0.1",
      "169.254.169.254",
      "fe80::1",
      "0.0.0.0",
      "100.64.0.1",
    ]) {
      expect(addressAllowed(a, false), a).toBe(false);
      expect(addressAllowed(a, true), a).toBe(true);
    }
    expect(addressAllowed("8.8.8.8", false)).toBe(true);
    expect(addressAllowed("not-an-ip", true)).toBe(false);
  });

  it("reads KAAS_REGISTRY_ALLOW_PRIVATE=1 only", () => {
    expect(allowPrivateFromEnv({})).toBe(false);
    expect(allowPrivateFromEnv({ KAAS_REGISTRY_ALLOW_PRIVATE: "true" })).toBe(false);
    expect(allowPrivateFromEnv({ KAAS_REGISTRY_ALLOW_PRIVATE: "1" })).toBe(true);
  });
});

describe("realmAllowed", () => {
  const https = { base: new URL("https://registry.example.com"), insecure: false, tokenRealms: [] };
  const insecure = { base: new URL("http://registry.local:5000"), insecure: true, tokenRealms: [] };
  it.each([
    ["the registry's own origin", https, "https://registry.example.com/token", true],
    ["another host", https, "https://evil.example.net/token", false],
    ["another port on the same host", https, "https://registry.example.com:8443/token", false],
    [
      "plain http on the registry's host of a secure connection",
      https,
      "http://registry.example.com/token",
      false,
    ],
    [
      "an approved https realm",
      { ...https, tokenRealms: ["https://auth.example.com"] },
      "https://auth.example.com/service/token",
      true,
    ],
    [
      "an approved realm's host on another port",
      { ...https, tokenRealms: ["https://auth.example.com"] },
      "https://auth.example.com:444/t",
      false,
    ],
    [
      "plain http to the own origin of an insecure connection",
      insecure,
      "http://registry.local:5000/token",
      true,
    ],
    [
      "plain http to an approved port on the same host of an insecure connection",
      { ...insecure, tokenRealms: ["http://registry.local:5001"] },
      "http://registry.local:5001/token",
      true,
    ],
    [
      "plain http to an approved other host, even on an insecure connection",
      { ...insecure, tokenRealms: ["http://auth.local"] },
      "http://auth.local/token",
      false,
    ],
    [
      "an unapproved port of an insecure connection's host",
      insecure,
      "http://registry.local:5001/token",
      false,
    ],
  ])("%s", (_name, policy, realm, allowed) => {
    expect(realmAllowed(new URL(realm), policy)).toBe(allowed);
  });
});

describe("redirectAllowed", () => {
  const https = { base: new URL("https://registry.example.com"), insecure: false };
  const insecure = { base: new URL("http://127.0.0.1:5000"), insecure: true };
  it.each([
    ["https storage elsewhere", https, "https://storage.example.net/blob?sig=x", true],
    ["plain http elsewhere", https, "http://storage.example.net/blob", false],
    ["plain http to its own origin when secure", https, "http://registry.example.com/blob", false],
    ["plain http to its own origin when insecure", insecure, "http://127.0.0.1:5000/blob", true],
    ["plain http to another port when insecure", insecure, "http://127.0.0.1:5001/blob", false],
    ["a URL carrying credentials", https, "https://u:p@storage.example.net/blob", false],
  ])("%s", (_name, policy, target, allowed) => {
    expect(redirectAllowed(new URL(target), policy)).toBe(allowed);
  });
});

describe("egressFetch", () => {
  const policy = (base: string, allowPrivate = false) => ({
    base: new URL(base),
    insecure: base.startsWith("http:"),
    tokenRealms: [],
    allowPrivate,
  });
  const init = { headers: {}, timeoutMs: 2000, what: "GET /v2/" };

  it("refuses plain http on a connection not marked insecure, before sending anything", async () => {
    const p = { ...policy("https://registry.example.com"), insecure: false };
    await expect(egressFetch(new URL("http://registry.example.com/v2/"), init, p)).rejects.toMatchObject({
      kind: "bad_response",
    });
  });

  it.each([
    "http://127.0.0.1:1/v2/",
    "http://169.254.169.254/v2/",
    "http://[::1]:1/v2/",
    "http://localhost:1/v2/",
  ])(
    "refuses %s without KAAS_REGISTRY_ALLOW_PRIVATE, with the same message as a closed port",
    async (url) => {
      const refused = await egressFetch(new URL(url), init, policy(url)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RegistryError);
      expect(refused).toMatchObject({ kind: "unavailable", message: "GET /v2/: registry is unavailable" });
      // Allowed, the closed port fails with exactly the same error.
      if (!url.includes("169.254")) {
        const closed = await egressFetch(new URL(url), init, policy(url, true)).catch((e: unknown) => e);
        expect(closed).toMatchObject({ kind: "unavailable", message: "GET /v2/: registry is unavailable" });
      }
    },
  );
});
