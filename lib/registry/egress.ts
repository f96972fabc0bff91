import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { recordRegistryCall } from "../metrics/index.ts";
import { RegistryError } from "./errors.ts";

/**
 * Where registry traffic (and the robot's credentials) may go. A connection's URL is set by an
 * admin, but the registry itself names the token realm and blob redirect targets, so every
 * request is checked here: scheme, origin and the resolved address.
 */

/** What a connection allows: its own origin, approved realm origins, plain http, private addresses. */
export type EgressPolicy = {
  /** The registry's base URL. */
  base: URL;
  /** Plain http is allowed (to the registry's own host) only when an admin marked the connection so. */
  insecure: boolean;
  /** Extra token realm origins an admin approved; the registry's own origin is always approved. */
  tokenRealms: readonly string[];
  /** Loopback, private, link-local and metadata addresses (`KAAS_REGISTRY_ALLOW_PRIVATE=1`). */
  allowPrivate: boolean;
};

/** `KAAS_REGISTRY_ALLOW_PRIVATE=1`: the local world's registry is on loopback. */
export function allowPrivateFromEnv(env: Record<string, string | undefined> = process.env): boolean {
  return env.KAAS_REGISTRY_ALLOW_PRIVATE === "1";
}

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "unspecified"
  | "shared" // 100.64/10, carrier-grade NAT
  | "invalid";

const ranges: [AddressClass, string, number, "ipv4" | "ipv6"][] = [
  ["unspecified", "0.0.0.0", 8, "ipv4"],
  ["loopback", "127.0.0.0", 8, "ipv4"],
  ["private", "10.0.0.0", 8, "ipv4"],
  ["private", "172.16.0.0", 12, "ipv4"],
  ["private", "192.168.0.0", 16, "ipv4"],
  ["link-local", "169.254.0.0", 16, "ipv4"],
  ["shared", "100.64.0.0", 10, "ipv4"],
  ["unspecified", "::", 128, "ipv6"],
  ["loopback", "::1", 128, "ipv6"],
  ["private", "fc00::", 7, "ipv6"],
  ["link-local", "fe80::", 10, "ipv6"],
];
const lists = new Map<AddressClass, BlockList>();
for (const [cls, net, prefix, family] of ranges) {
  const list = lists.get(cls) ?? new BlockList();
  list.addSubnet(net, prefix, family);
  lists.set(cls, list);
}

/** The class of an IP address; IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is classed as the IPv4 address. */
export function classifyAddress(address: string): AddressClass {
  let ip = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) ip = mapped[1];
  const family = isIP(ip);
  if (family === 0) return "invalid";
  for (const [cls, list] of lists) {
    if (list.check(ip, family === 4 ? "ipv4" : "ipv6")) return cls;
  }
  return "public";
}

/** Whether a connection may reach `address`: public ones always, the rest only when allowed. */
export function addressAllowed(address: string, allowPrivate: boolean): boolean {
  const cls = classifyAddress(address);
  if (cls === "invalid") return false;
  return cls === "public" || allowPrivate;
}

/**
 * Whether the registry's credentials may go to a token realm: its origin must be the registry's own
 * or one an admin approved, and it must be https, except plain http to the registry's own host on
 * an insecure connection (so plain-http credentials never leave that host).
 */
export function realmAllowed(realm: URL, policy: Pick<EgressPolicy, "base" | "insecure" | "tokenRealms">) {
  const approved = new Set([policy.base.origin]);
  for (const r of policy.tokenRealms) {
    try {
      approved.add(new URL(r).origin);
    } catch {
      // A malformed entry approves nothing; the schema refuses them on save.
    }
  }
  if (!approved.has(realm.origin)) return false;
  if (realm.protocol === "https:") return true;
  return realm.protocol === "http:" && policy.insecure && realm.hostname === policy.base.hostname;
}

/**
 * Whether a redirect may be followed (always without credentials): to https anywhere, or on an
 * insecure connection to the registry's own origin.
 */
export function redirectAllowed(target: URL, policy: Pick<EgressPolicy, "base" | "insecure">): boolean {
  if (target.username || target.password) return false;
  if (target.protocol === "https:") return true;
  return target.protocol === "http:" && policy.insecure && target.origin === policy.base.origin;
}

/** Why a request was not sent or failed on the network: one message, whatever the cause. */
function unavailable(what: string, cause?: unknown): RegistryError {
  // The same words for a refused address, a closed port, a reset and a timeout, so an admin's URL
  // cannot be used to learn which internal ports are open.
  return new RegistryError("unavailable", `${what}: registry is unavailable`, { cause });
}

/**
 * A DNS lookup that resolves every address of a host and refuses the host when any of them is not
 * allowed; the connection then uses exactly the address checked (no second lookup to rebind).
 */
export function checkedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => !addressAllowed(a.address, allowPrivate));
      if (bad || addresses.length === 0) {
        const refused: NodeJS.ErrnoException = new Error(`address of ${hostname} refused`);
        refused.code = "EADDRREFUSED";
        return callback(refused, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

const agents = new Map<boolean, Agent>();
function agentFor(allowPrivate: boolean): Agent {
  let agent = agents.get(allowPrivate);
  if (!agent) {
    agent = new Agent({ connect: { lookup: checkedLookup(allowPrivate) } });
    agents.set(allowPrivate, agent);
  }
  return agent;
}

function statusClass(status: number): "2xx" | "3xx" | "4xx" | "5xx" {
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  if (status >= 300) return "3xx";
  return "2xx";
}

export type EgressInit = {
  method?: "GET" | "HEAD";
  headers: Record<string, string>;
  timeoutMs: number;
  what: string;
  /** Redirects followed (without credentials) at most; 0: a redirect is an error. */
  maxRedirects?: number;
};

/**
 * Fetches `url` under the connection's policy: https unless insecure, the resolved address
 * checked, redirects followed by hand (without `Authorization`, only where
 * {@link redirectAllowed}). Network failures and refused addresses are the same
 * `unavailable` error.
 */
export async function egressFetch(url: URL, init: EgressInit, policy: EgressPolicy): Promise<Response> {
  let target = url;
  let headers = init.headers;
  for (let hop = 0; ; hop++) {
    if (target.protocol !== "https:" && !(target.protocol === "http:" && policy.insecure)) {
      throw new RegistryError("bad_response", `${init.what}: plain http is not allowed on this connection`);
    }
    // Literal addresses skip DNS, so the lookup's check never sees them.
    const literal = target.hostname.replace(/^\[|\]$/g, "");
    if (isIP(literal) && !addressAllowed(literal, policy.allowPrivate)) {
      recordRegistryCall("refused");
      throw unavailable(init.what);
    }
    let res: Response;
    try {
      res = (await undiciFetch(target, {
        method: init.method ?? "GET",
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(init.timeoutMs),
        dispatcher: agentFor(policy.allowPrivate),
      })) as unknown as Response; // undici's Response is the class Node's global fetch returns.
    } catch (err) {
      recordRegistryCall("unavailable");
      throw unavailable(init.what, err);
    }
    recordRegistryCall(statusClass(res.status));
    if (res.status < 300 || res.status >= 400 || res.status === 304) return res;
    await res.body?.cancel().catch(() => {});
    const location = res.headers.get("location");
    if (!location || hop >= (init.maxRedirects ?? 0)) {
      throw new RegistryError("bad_response", `${init.what}: unexpected redirect`, { status: res.status });
    }
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw new RegistryError("bad_response", `${init.what}: redirect to a malformed URL`);
    }
    if (!redirectAllowed(next, policy)) {
      throw new RegistryError(
        "bad_response",
        `${init.what}: redirect to a location this connection does not allow`,
      );
    }
    // Credentials are for the registry itself; a redirect target (storage, CDN) never gets them.
    const { authorization: _dropped, ...rest } = headers;
    headers = rest;
    target = next;
  }
}
