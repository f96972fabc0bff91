import type { KubeIdentity } from "../identity.ts";
import type { WatchHub } from "./hub.ts";
import type { HubKindSpec } from "./kinds.ts";
import { type HubTransport, readText } from "./transport.ts";

export type AccessQuestion = {
  identity: KubeIdentity;
  group: string;
  resource: string;
  verb: string;
  /** "" asks about every namespace at once (a ClusterRoleBinding). */
  namespace: string;
};

type Entry = ({ allowed: boolean } | { pending: Promise<boolean> }) & { expires: number; namespace: string };

/**
 * Answers "may this user list this kind in this namespace?" with a SubjectAccessReview sent as the
 * console, for the impersonated identity of the session. Answers are cached per distinct (user,
 * groups, group/resource, verb, namespace) for `ttlMs` (at most 30 s, so a removed RoleBinding
 * stops the flow within that time), and concurrent questions share one review.
 */
export class AccessReviewer {
  private readonly transport: HubTransport;
  private readonly ttlMs: number;
  private readonly cache = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  /** SubjectAccessReviews sent (for tests and the benchmark). */
  reviews = 0;
  /** Questions answered from the cache (a fresh answer or one being asked already), and the others. */
  hits = 0;
  misses = 0;

  constructor(transport: HubTransport, ttlMs = 25_000) {
    if (ttlMs > 30_000) throw new Error("access answers may be cached for 30 s at most");
    this.transport = transport;
    this.ttlMs = ttlMs;
  }

  private key(q: AccessQuestion): string {
    return JSON.stringify([
      q.identity.user,
      [...q.identity.groups].sort(),
      q.group,
      q.resource,
      q.verb,
      q.namespace,
    ]);
  }

  /** Whether an answer for `q` is cached and fresh (so asking costs nothing). */
  isFresh(q: AccessQuestion, now = Date.now()): boolean {
    const e = this.cache.get(this.key(q));
    return !!e && e.expires > now;
  }

  async allowed(q: AccessQuestion): Promise<boolean> {
    const now = Date.now();
    const k = this.key(q);
    const hit = this.cache.get(k);
    if (hit && hit.expires > now) {
      this.hits++;
      return "pending" in hit ? hit.pending : hit.allowed;
    }
    this.misses++;
    if (this.cache.size > 10_000) this.sweep(now);
    const generation = this.generations.get(q.namespace) ?? 0;
    const pending = this.review(q).then(
      (allowed) => {
        // A RoleBinding of the namespace changed while the review ran: its answer may be stale.
        if ((this.generations.get(q.namespace) ?? 0) === generation)
          this.cache.set(k, { allowed, expires: Date.now() + this.ttlMs, namespace: q.namespace });
        else this.cache.delete(k);
        return allowed;
      },
      (err: unknown) => {
        // Failures are not cached: the next question asks again.
        this.cache.delete(k);
        throw err;
      },
    );
    this.cache.set(k, { pending, expires: now + this.ttlMs, namespace: q.namespace });
    return pending;
  }

  /**
   * Drops every cached answer about `namespace`: the hub calls it when a RoleBinding there
   * changes, so a granted or removed team role takes effect at the next check rather than after
   * the cache time.
   */
  forgetNamespace(namespace: string): void {
    this.generations.set(namespace, (this.generations.get(namespace) ?? 0) + 1);
    for (const [k, e] of this.cache) if (e.namespace === namespace) this.cache.delete(k);
  }

  /**
   * May `identity` list `spec` in `namespace`? One cluster-wide review first (platform operators
   * pass it once for every namespace), then the namespace's own.
   */
  async mayList(identity: KubeIdentity, spec: HubKindSpec, namespace: string): Promise<boolean> {
    const base = { identity, group: spec.group, resource: spec.plural, verb: "list" };
    if (await this.allowed({ ...base, namespace: "" })) return true;
    return this.allowed({ ...base, namespace });
  }

  private sweep(now: number): void {
    for (const [k, e] of this.cache) if (e.expires <= now) this.cache.delete(k);
  }

  private async review(q: AccessQuestion): Promise<boolean> {
    this.reviews++;
    const body = JSON.stringify({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: q.identity.user,
        groups: q.identity.groups,
        resourceAttributes: {
          group: q.group,
          resource: q.resource,
          verb: q.verb,
          ...(q.namespace ? { namespace: q.namespace } : {}),
        },
      },
    });
    const res = await this.transport.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await readText(res.body);
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`SubjectAccessReview: HTTP ${res.status}`);
    }
    const parsed = JSON.parse(text) as { status?: { allowed?: boolean; denied?: boolean } };
    return parsed.status?.allowed === true && parsed.status.denied !== true;
  }
}

/**
 * Wires `access` to `hub`: a RoleBinding added, changed or removed in a namespace drops that
 * namespace's cached answers, so team roles granted or taken away count from the next check.
 */
export function forgetOnRoleBindingChange(hub: WatchHub, access: AccessReviewer): () => void {
  return hub.subscribe((e) => {
    if (e.kind === "roleBindings") access.forgetNamespace(e.object.namespace);
  });
}
