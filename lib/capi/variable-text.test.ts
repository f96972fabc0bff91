import { describe, expect, it } from "vitest";
import { labelFromName, variableText } from "./variable-text.ts";

describe("labelFromName", () => {
  it.each([
    ["apiServerLoadBalancer", "API server load balancer"],
    ["workerAdditionalBlockDevices", "Worker additional block devices"],
    ["controlPlaneRootDisk", "Control plane root disk"],
    ["certSANs", "Cert SANs"],
    ["securityGroupIDs", "Security group IDs"],
    ["issuerURL", "Issuer URL"],
    ["clientID", "Client ID"],
    ["nodeCIDR", "Node CIDR"],
    ["dnsNameservers", "DNS nameservers"],
    ["sizeGiB", "Size GiB"],
    [
      "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs",
      "API server load balancer Octavia Amphora allowed CIDRs",
    ],
    ["oidcConfig", "OIDC config"],
    ["networkMTU", "Network MTU"],
    ["disableAPIServerFloatingIP", "Disable API server floating IP"],
    ["oidc_config", "OIDC config"],
    ["name", "Name"],
  ])("%s → %s", (name, label) => {
    expect(labelFromName(name)).toBe(label);
  });
});

describe("variableText", () => {
  it("uses the class's title over the name, and says which it used", () => {
    expect(variableText("workerFlavor", { type: "string", title: "Worker flavour" })).toMatchObject({
      label: "Worker flavour",
      labelSource: "class",
    });
    expect(
      variableText("workerFlavor", {
        type: "string",
        "x-metadata": { annotations: { "kaas.scs.community/label": "Flavour of workers" } },
      }).label,
    ).toBe("Flavour of workers");
    expect(variableText("workerFlavor", { type: "string" })).toMatchObject({
      label: "Worker flavor",
      labelSource: "name",
    });
  });

  it("has no default line for an absent or empty default, and one for a real one", () => {
    expect(variableText("sshKeyName", { type: "string", default: "" }).defaultText).toBeNull();
    expect(variableText("sshKeyName", { type: "string", default: "  " }).defaultText).toBeNull();
    expect(variableText("sshKeyName", { type: "string" }).defaultText).toBeNull();
    expect(variableText("certSANs", { type: "array", default: [] }).defaultText).toBeNull();
    expect(variableText("identityRef", { type: "object", default: { name: "x" } }).defaultText).toBeNull();
    expect(variableText("workerRootDisk", { type: "integer", default: 50 }).defaultText).toBe("50");
    expect(variableText("imageAddVersion", { type: "boolean", default: false }).defaultText).toBe("false");
    expect(
      variableText("dnsNameservers", { type: "array", default: ["9.9.9.9", "149.112.112.112"] }).defaultText,
    ).toBe("9.9.9.9, 149.112.112.112");
  });

  it("finds the unit in an annotation, the name or the description", () => {
    expect(variableText("sizeGiB", { type: "integer" }).unit).toBe("GiB");
    expect(
      variableText("workerRootDisk", {
        type: "integer",
        description: "Root disk size of worker nodes in GiB.",
      }).unit,
    ).toBe("GiB");
    expect(
      variableText("timeout", {
        type: "integer",
        "x-metadata": { annotations: { "kaas.scs.community/unit": "s" } },
      }).unit,
    ).toBe("s");
    expect(
      variableText("workerFlavor", { type: "string", description: "OpenStack flavor." }).unit,
    ).toBeNull();
  });

  it("gives the example, the range and the choices the schema has", () => {
    const t = variableText("apiServerLoadBalancer", {
      type: "string",
      example: "octavia-ovn",
      enum: ["none", "octavia-amphora", "octavia-ovn"],
      default: "octavia-ovn",
    });
    expect(t).toMatchObject({
      example: "octavia-ovn",
      choices: ["none", "octavia-amphora", "octavia-ovn"],
      defaultText: "octavia-ovn",
      range: null,
    });
    expect(variableText("workerRootDisk", { type: "integer", minimum: 20, maximum: 1000 }).range).toEqual({
      of: "value",
      min: 20,
      max: 1000,
    });
    expect(variableText("name", { type: "string", maxLength: 32 }).range).toEqual({
      of: "length",
      min: null,
      max: 32,
    });
    expect(variableText("name", { type: "string", minLength: 1 }).range).toBeNull();
    expect(variableText("devices", { type: "array", maxItems: 4 }).range).toEqual({
      of: "items",
      min: null,
      max: 4,
    });
  });
});
