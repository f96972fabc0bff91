import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { inEnglish } from "../errors.ts";
import de from "../i18n/messages/de.json" with { type: "json" };
import { type ClassVariable, classVariables, initialValue, validateVariables } from "./variables.ts";

const vars: ClassVariable[] = [
  {
    name: "workerFlavor",
    required: false,
    group: "Machines",
    schema: { type: "string", enum: ["SCS-2V-4", "SCS-4V-8"], default: "SCS-4V-8" },
  },
  {
    name: "workerRootDisk",
    required: false,
    group: "Machines",
    schema: { type: "integer", minimum: 20, maximum: 500, default: 50 },
  },
  { name: "sshKeyName", required: true, group: "Access", schema: { type: "string", minLength: 1 } },
  {
    name: "oidcConfig",
    required: false,
    group: "Access",
    schema: {
      type: "object",
      required: ["clientID", "issuerURL"],
      properties: { clientID: { type: "string" }, issuerURL: { type: "string", pattern: "^https://" } },
    },
  },
  {
    name: "dnsNameservers",
    required: false,
    group: "Networking",
    schema: {
      type: "array",
      maxItems: 2,
      items: { type: "string", pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}$" },
    },
  },
];

/** The errors as the API and the CLI say them. */
const english = (errors: ReturnType<typeof validateVariables>) =>
  Object.fromEntries(Object.entries(errors).map(([k, w]) => [k, inEnglish(w)]));

describe("validateVariables", () => {
  it("accepts values that fit their schemas", () => {
    expect(
      validateVariables(vars, {
        workerFlavor: "SCS-2V-4",
        workerRootDisk: 100,
        sshKeyName: "ops",
        oidcConfig: { clientID: "k8s", issuerURL: "https://id.example" },
        dnsNameservers: ["9.9.9.9"],
      }),
    ).toEqual({});
  });

  it("reports each problem on its field path", () => {
    expect(
      english(
        validateVariables(vars, {
          workerFlavor: "huge",
          workerRootDisk: 10,
          oidcConfig: { clientID: "k8s", issuerURL: "http://plain.example" },
          dnsNameservers: ["9.9.9.9", "nonsense", "1.1.1.1"],
        }),
      ),
    ).toEqual({
      workerFlavor: 'must be one of "SCS-2V-4", "SCS-4V-8"',
      workerRootDisk: "must be at least 20",
      sshKeyName: "is required",
      "oidcConfig.issuerURL": "must match ^https://",
      dnsNameservers: "allows at most 2 item(s)",
      "dnsNameservers[1]": "must match ^([0-9]{1,3}\\.){3}[0-9]{1,3}$",
    });
  });

  it("refuses fractions for integers and missing nested required fields", () => {
    expect(
      english(validateVariables(vars, { sshKeyName: "x", workerRootDisk: 20.5, oidcConfig: {} })),
    ).toEqual({
      workerRootDisk: "must be a whole number",
      "oidcConfig.clientID": "is required",
      "oidcConfig.issuerURL": "is required",
    });
  });

  it("says each problem in German for German pages, with the class's own bounds and patterns", () => {
    const t = createTranslator({ locale: "de", messages: de });
    const errors = validateVariables(vars, {
      workerRootDisk: 20.5,
      oidcConfig: { clientID: "k8s", issuerURL: "http://x" },
    });
    const german = Object.fromEntries(
      Object.entries(errors).map(([k, w]) => [k, t(`actionErrors.${w.key}` as never, w.values as never)]),
    );
    expect(german).toEqual({
      workerRootDisk: "Muss eine ganze Zahl sein",
      sshKeyName: "Pflichtangabe",
      "oidcConfig.issuerURL": "Muss dem Muster ^https:// entsprechen",
    });
  });
});

describe("classVariables and initialValue", () => {
  it("prefers status.variables, reads groups from x-metadata, and starts from defaults", () => {
    const cc = {
      spec: {
        variables: [
          { name: "ignored", required: false, schema: { openAPIV3Schema: { type: "string" as const } } },
        ],
      },
      status: {
        variables: [
          {
            name: "workerRootDisk",
            definitions: [
              {
                required: true,
                schema: {
                  openAPIV3Schema: {
                    type: "integer" as const,
                    default: 50,
                    "x-metadata": { annotations: { "kaas.scs.community/group": "Machines" } },
                  },
                },
              },
            ],
          },
        ],
      },
    };
    const [v] = classVariables(cc);
    expect(v).toMatchObject({ name: "workerRootDisk", required: true, group: "Machines" });
    expect(initialValue(v?.schema ?? {})).toBe(50);
    expect(classVariables(cc)).toHaveLength(1);
  });
});
