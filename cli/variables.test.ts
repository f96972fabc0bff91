import { describe, expect, it } from "vitest";
import { type ClassVariable, variablesFromFlags, variablesHelp } from "./variables.ts";

const VARS: ClassVariable[] = [
  {
    name: "workerFlavor",
    required: false,
    group: "workers",
    schema: { type: "string", default: "SCS-2V-4", enum: ["SCS-2V-4", "SCS-4V-8"] },
  },
  {
    name: "apiServerLoadBalancer",
    required: false,
    group: "network",
    schema: { type: "boolean", default: true },
  },
  {
    name: "controlPlaneDiskGiB",
    required: true,
    group: "control plane",
    schema: { type: "integer", minimum: 20, maximum: 200, description: "Root disk size" },
  },
  { name: "oidc", required: false, group: "auth", schema: { type: "object" } },
];

describe("--var flags", () => {
  it("reads each value by the type the class declares, over a file's variables", () => {
    expect(
      variablesFromFlags(
        ["controlPlaneDiskGiB=50", "apiServerLoadBalancer=false", 'oidc={"issuerUrl":"https://x"}'],
        VARS,
        { workerFlavor: "SCS-4V-8", controlPlaneDiskGiB: 30 },
      ),
    ).toEqual({
      variables: {
        workerFlavor: "SCS-4V-8",
        controlPlaneDiskGiB: 50,
        apiServerLoadBalancer: false,
        oidc: { issuerUrl: "https://x" },
      },
    });
  });

  it("refuses names the class does not have and values of the wrong type, saying what would do", () => {
    expect(variablesFromFlags(["nope=1"], VARS)).toEqual({
      error: expect.stringContaining("has: workerFlavor, apiServerLoadBalancer, controlPlaneDiskGiB, oidc"),
    });
    expect(variablesFromFlags(["controlPlaneDiskGiB=big"], VARS)).toEqual({
      error: 'controlPlaneDiskGiB is an integer, not "big"',
    });
    expect(variablesFromFlags(["controlPlaneDiskGiB=2.5"], VARS)).toHaveProperty("error");
    expect(variablesFromFlags(["apiServerLoadBalancer=yes"], VARS)).toHaveProperty("error");
    expect(variablesFromFlags(["oidc={"], VARS)).toHaveProperty("error");
    expect(variablesFromFlags(["workerFlavor"], VARS)).toEqual({
      error: "--var NAME=VALUE, not workerFlavor",
    });
  });

  it("lists the class's variables with type, bounds, default and whether required", () => {
    const help = variablesHelp("inmemory", VARS);
    expect(help).toContain("--var controlPlaneDiskGiB=integer 20..200 (required)\n      Root disk size");
    expect(help).toContain('--var workerFlavor="SCS-2V-4"|"SCS-4V-8" (default "SCS-2V-4")');
    expect(help).toContain("--var apiServerLoadBalancer=boolean (default true)");
    expect(variablesHelp("bare", [])).toBe("Class bare declares no variables.\n");
  });
});
