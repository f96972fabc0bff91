import { describe, expect, it } from "vitest";
import { classTemplateRefs, isCopyableTemplateRef } from "./class-templates.ts";

const ref = (kind: string, name: string) => ({ apiVersion: "x.cluster.x-k8s.io/v1beta2", kind, name });

describe("classTemplateRefs", () => {
  it("finds every template of a v1beta2 class once, ignoring variables and patches", () => {
    const spec = {
      controlPlane: {
        templateRef: ref("KubeadmControlPlaneTemplate", "cp"),
        machineInfrastructure: { templateRef: ref("DevMachineTemplate", "cp") },
      },
      infrastructure: { templateRef: ref("DevClusterTemplate", "cluster") },
      workers: {
        machineDeployments: [
          {
            class: "a",
            bootstrap: { templateRef: ref("KubeadmConfigTemplate", "w") },
            infrastructure: { templateRef: ref("DevMachineTemplate", "w") },
          },
          {
            class: "b",
            bootstrap: { templateRef: ref("KubeadmConfigTemplate", "w") },
            infrastructure: { templateRef: ref("DevMachineTemplate", "big") },
          },
        ],
      },
      variables: [
        { name: "v", schema: { openAPIV3Schema: { properties: { templateRef: ref("Nope", "n") } } } },
      ],
    };
    expect(classTemplateRefs(spec).map((r) => `${r.kind}/${r.name}`)).toEqual([
      "KubeadmControlPlaneTemplate/cp",
      "DevMachineTemplate/cp",
      "DevClusterTemplate/cluster",
      "KubeadmConfigTemplate/w",
      "DevMachineTemplate/w",
      "DevMachineTemplate/big",
    ]);
  });

  it("reads the v1beta1 ref shape and tolerates an empty spec", () => {
    expect(classTemplateRefs({ infrastructure: { ref: ref("DevClusterTemplate", "c") } })).toHaveLength(1);
    expect(classTemplateRefs(undefined)).toEqual([]);
  });
});

describe("isCopyableTemplateRef", () => {
  const r = (apiVersion: string, kind: string) => ({ apiVersion, kind, name: "n" });

  it("accepts the templates of infrastructure, bootstrap and control plane providers", () => {
    expect(isCopyableTemplateRef(r("infrastructure.cluster.x-k8s.io/v1beta1", "DevMachineTemplate"))).toBe(
      true,
    );
    expect(isCopyableTemplateRef(r("bootstrap.cluster.x-k8s.io/v1beta2", "KubeadmConfigTemplate"))).toBe(
      true,
    );
    expect(
      isCopyableTemplateRef(r("controlplane.cluster.x-k8s.io/v1beta2", "KubeadmControlPlaneTemplate")),
    ).toBe(true);
  });

  it("refuses anything else a class could name: core objects, RBAC, non-templates", () => {
    expect(isCopyableTemplateRef(r("v1", "Secret"))).toBe(false);
    expect(isCopyableTemplateRef(r("rbac.authorization.k8s.io/v1", "RoleBinding"))).toBe(false);
    expect(isCopyableTemplateRef(r("rbac.authorization.k8s.io/v1", "RoleTemplate"))).toBe(false);
    expect(isCopyableTemplateRef(r("infrastructure.cluster.x-k8s.io/v1beta1", "DevMachine"))).toBe(false);
    expect(isCopyableTemplateRef(r("evil.example/infrastructure.cluster.x-k8s.io/v1", "XTemplate"))).toBe(
      false,
    );
  });
});
