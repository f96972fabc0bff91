/**
 * An informer's connection state against the shared management plane's real kube-apiserver: a
 * watch on a quiet collection gets no bookmark before a short term ends, and that normal end
 * must not read as a lost connection (every stream would flash "reconnecting") nor back off.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { planeDir } from "@/dev/plane/control.ts";
import { Informer } from "@/lib/k8s/hub/informer.ts";
import { type HubTransport, kubeConfigFileTransport } from "@/lib/k8s/hub/transport.ts";

let transport: HubTransport;

beforeAll(() => {
  transport = kubeConfigFileTransport(join(planeDir(), "console.kubeconfig"));
});

afterAll(async () => {
  await transport?.close();
});

test("a quiet watch that runs its term out stays connected and is resumed at once", async () => {
  // A namespace nobody uses (it need not exist): its Clusters never change.
  const ns = `rv-quiet-${randomBytes(3).toString("hex")}`;
  const inf = new Informer({
    transport,
    path: `/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters`,
    watchTimeoutSeconds: 1,
  });
  const changes: boolean[] = [];
  inf.onConnection((c) => changes.push(c));
  inf.start();
  try {
    await inf.whenSynced();
    // Terms of 1–2 s (jittered): several end in this window.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(inf.stats.watchRequests).toBeGreaterThanOrEqual(3);
    expect(changes).toEqual([true]);
    expect(inf.connected).toBe(true);
  } finally {
    inf.stop();
  }
});
