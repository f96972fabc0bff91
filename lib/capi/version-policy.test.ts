import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyInEnglish } from "./in-english.ts";
import {
  type KubernetesVersions,
  parseKubernetesVersions,
  VersionsFileError,
} from "./kubernetes-versions.ts";
import {
  evaluateMinorOffering as minorOffering,
  parseKubeVersion,
  evaluatePatchOffering as patchOffering,
  evaluateVersionPolicy as versionPolicy,
} from "./version-policy.ts";

// The verdicts as the API words them (the pages say the same messages in the reader's language).
const evaluateVersionPolicy = (...a: Parameters<typeof versionPolicy>) =>
  policyInEnglish(versionPolicy(...a));
const evaluateMinorOffering = (...a: Parameters<typeof minorOffering>) =>
  policyInEnglish(minorOffering(...a));
const evaluatePatchOffering = (...a: Parameters<typeof patchOffering>) =>
  policyInEnglish(patchOffering(...a));

/** A small, made-up release history so each window edge can be placed exactly. */
const versions: KubernetesVersions = parseKubernetesVersions(
  JSON.stringify({
    minors: [
      {
        minor: "1.36",
        released: "2026-08-01",
        endOfLife: "2027-10-01",
        patches: [
          { version: "1.36.1", released: "2026-08-20" },
          { version: "1.36.2", released: "2026-09-20", criticalCve: true },
        ],
      },
      {
        minor: "1.35",
        released: "2026-04-01",
        endOfLife: "2027-06-01",
        patches: [
          { version: "1.35.4", released: "2026-09-01" },
          { version: "1.35.5", released: "2026-10-01" },
          { version: "1.35.6", released: "2026-10-20", criticalCve: true },
          { version: "1.35.7", released: "2027-01-10" },
        ],
      },
      {
        minor: "1.34",
        released: "2025-12-01",
        endOfLife: "2026-11-15",
        patches: [{ version: "1.34.9", released: "2026-09-01" }],
      },
    ],
  }),
  "test.json",
);

const at = (iso: string) => Date.parse(iso);

describe("parseKubeVersion", () => {
  it("reads the forms Cluster API and kubelets report", () => {
    expect(parseKubeVersion("v1.35.3")).toEqual({ major: 1, minor: 35, patch: 3, preRelease: false });
    expect(parseKubeVersion("1.35.3")).toEqual({ major: 1, minor: 35, patch: 3, preRelease: false });
    expect(parseKubeVersion("v1.36.0-rc.1")).toEqual({ major: 1, minor: 36, patch: 0, preRelease: true });
    expect(parseKubeVersion("v1.35.3+vmware.1")).toEqual({
      major: 1,
      minor: 35,
      patch: 3,
      preRelease: false,
    });
  });

  it("refuses what is not a version", () => {
    for (const s of ["", "v1.35", "latest", "v1.35.x", "1.35.3.4", "vv1.35.3"]) {
      expect(parseKubeVersion(s)).toBeNull();
    }
  });
});

describe("evaluateVersionPolicy: patches", () => {
  it("flags a cluster behind a patch released more than 31 days ago, naming the newest overdue patch", () => {
    // 1.35.5 is past its month; the critical fix in 1.35.6 is still inside its 2 weeks.
    const r = evaluateVersionPolicy("v1.35.4", versions, at("2026-11-02T12:00:00Z"));
    expect(r.status).toBe("non-compliant");
    expect(r.reason).toBe(
      "v1.35.4 is older than v1.35.5, released 2026-10-01: the newest patch is required within 1 month.",
    );
  });

  it("counts 31 days to the day: on day 31 the patch is due soon, a moment after it is overdue", () => {
    // 1.35.5 released 2026-10-01 00:00 UTC; 31 days later is 2026-11-01 00:00 UTC.
    const onTime = evaluateVersionPolicy("v1.35.4", versions, at("2026-11-01T00:00:00Z"));
    expect(
      onTime.findings.find((f) => f.status === "non-compliant" && f.text.includes("v1.35.5")),
    ).toBeUndefined();
    const late = evaluateVersionPolicy("v1.35.4", versions, at("2026-11-01T00:00:01Z"));
    expect(late.reason).toContain("older than v1.35.5");
  });

  it("is due soon when the only newer patch is inside its month, with the deadline", () => {
    const r = evaluateVersionPolicy("v1.36.0", versions, at("2026-08-25T00:00:00Z"));
    expect(r.status).toBe("due-soon");
    expect(r.reason).toBe(
      "v1.36.1 was released on 2026-08-20: upgrade v1.36.0 by 2026-09-20 (newest patch required within 1 month).",
    );
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.deadline).toBe("2026-09-20");
  });

  it("is compliant on the newest released patch and says until when the minor is supported", () => {
    const r = evaluateVersionPolicy("v1.35.5", versions, at("2026-10-10T00:00:00Z"));
    expect(r).toEqual({
      status: "compliant",
      reason: "v1.35.5 is the newest released patch of v1.35 (supported until 2027-06-01).",
      // The same sentence for pages to say in the reader's language.
      reasonMessage: {
        key: "newestPatchSupported",
        values: { version: "v1.35.5", pre: "no", minor: "1.35", date: "2027-06-01" },
      },
      findings: [],
    });
  });

  it("ignores patches whose release date is still ahead", () => {
    // 1.35.7 is listed for 2027-01-10; in December it does not exist yet.
    const r = evaluateVersionPolicy("v1.35.6", versions, at("2026-12-20T00:00:00Z"));
    expect(r.status).toBe("compliant");
  });

  it("reports both the overdue patch and the newer one still inside its month", () => {
    const r = evaluateVersionPolicy("v1.35.4", versions, at("2026-11-05T00:00:00Z"));
    expect(r.findings.map((f) => [f.rule, f.status])).toEqual([
      ["critical-cve", "non-compliant"],
      ["patch", "non-compliant"],
      ["patch", "due-soon"],
    ]);
    const due = r.findings.find((f) => f.status === "due-soon" && f.rule === "patch");
    expect(due?.text).toBe(
      "v1.35.6 was released on 2026-10-20: upgrade v1.35.4 by 2026-11-20 (newest patch required within 1 month).",
    );
    expect(due?.deadline).toBe("2026-11-20");
  });

  it("treats a patch newer than every listed one as compliant (the file may lag behind)", () => {
    expect(evaluateVersionPolicy("v1.36.9", versions, at("2026-10-10T00:00:00Z")).status).toBe("compliant");
  });

  it("treats a pre-release as older than its own patch release", () => {
    const r = evaluateVersionPolicy("v1.36.2-rc.0", versions, at("2026-12-20T00:00:00Z"));
    expect(r.status).toBe("non-compliant");
    expect(r.findings.some((f) => f.text.includes("v1.36.2"))).toBe(true);
    const ga = evaluateVersionPolicy("v1.36.0-rc.1", versions, at("2026-08-05T00:00:00Z"));
    expect(ga.status).toBe("due-soon");
    expect(ga.reason).toContain("v1.36.0 was released on 2026-08-01");
    // "(pre-release)" is the catalog's, so a German page says it in German.
    expect(ga.reason).toContain("upgrade v1.36.0 (pre-release) by");
    expect(ga.reasonMessage?.values).toMatchObject({ version: "v1.36.0", pre: "yes" });
  });
});

describe("evaluateVersionPolicy: critical CVEs", () => {
  it("is due soon inside the 2 weeks, with the recommendation of 2 days", () => {
    const r = evaluateVersionPolicy("v1.36.1", versions, at("2026-09-22T00:00:00Z"));
    expect(r.status).toBe("due-soon");
    expect(r.reason).toBe(
      "v1.36.2, released 2026-09-20, fixes a critical CVE: upgrade v1.36.1 by 2026-10-04 (required within 2 weeks, recommended within 2 days).",
    );
  });

  it("is non-compliant after 2 weeks even though the 1-month patch window is still open", () => {
    const r = evaluateVersionPolicy("v1.36.1", versions, at("2026-10-05T00:00:00Z"));
    expect(r.status).toBe("non-compliant");
    expect(r.reason).toBe(
      "v1.36.1 lacks the critical-CVE fix in v1.36.2, released 2026-09-20: such patches are required within 2 weeks.",
    );
    expect(r.findings.find((f) => f.rule === "patch")?.status).toBe("due-soon");
  });

  it("is satisfied by any patch at or after the fix", () => {
    expect(evaluateVersionPolicy("v1.36.2", versions, at("2026-12-01T00:00:00Z")).status).toBe("compliant");
  });
});

describe("evaluateVersionPolicy: end of life", () => {
  it("flags a minor past upstream's end of life", () => {
    const r = evaluateVersionPolicy("v1.34.9", versions, at("2026-11-15T00:00:00Z"));
    expect(r.status).toBe("non-compliant");
    expect(r.reason).toBe("v1.34 reached its end of life on 2026-11-15: upgrade to a supported minor.");
  });

  it("warns within 30 days of the end of life", () => {
    const r = evaluateVersionPolicy("v1.34.9", versions, at("2026-10-20T00:00:00Z"));
    expect(r.status).toBe("due-soon");
    expect(r.reason).toBe(
      "v1.34 reaches its end of life on 2026-11-15: upgrade to a newer minor before then.",
    );
    expect(evaluateVersionPolicy("v1.34.9", versions, at("2026-10-10T00:00:00Z")).status).toBe("compliant");
  });
});

describe("evaluateVersionPolicy: what it cannot judge", () => {
  it("says so for a missing version, a malformed one and a minor the file does not list", () => {
    expect(evaluateVersionPolicy("", versions, 0)).toMatchObject({
      status: "unknown",
      reason: "The cluster has no Kubernetes version set.",
    });
    expect(evaluateVersionPolicy("latest", versions, 0).reason).toBe(
      "“latest” is not a Kubernetes version like v1.36.3.",
    );
    expect(evaluateVersionPolicy("v1.38.0", versions, 0).reason).toBe(
      "v1.38 is not in the Kubernetes versions file: add its release dates to check v1.38.0.",
    );
  });
});

describe("evaluateMinorOffering", () => {
  it("is compliant when the newest released minor is offered", () => {
    const r = evaluateMinorOffering(["v1.35.5", "v1.36.1"], versions, at("2026-10-01T00:00:00Z"));
    expect(r).toMatchObject({ status: "compliant", reason: "The newest minor, v1.36, is offered." });
  });

  it("gives a new minor 120 days: due soon inside, non-compliant after", () => {
    const soon = evaluateMinorOffering(["v1.35.5"], versions, at("2026-09-01T00:00:00Z"));
    expect(soon.status).toBe("due-soon");
    expect(soon.reason).toBe(
      "v1.36 was released on 2026-08-01: offer it by 2026-11-29 (newest minor required within 4 months).",
    );
    const late = evaluateMinorOffering(["v1.35.5"], versions, at("2026-11-29T00:00:01Z"));
    expect(late.status).toBe("non-compliant");
    expect(late.reason).toBe(
      "v1.36, released 2026-08-01, is not offered: the newest minor is required within 4 months (newest offered: v1.35).",
    );
  });

  it("does not count a pre-release as offered, and says when nothing declares versions", () => {
    expect(
      evaluateMinorOffering(["v1.35.5", "v1.36.0-rc.1"], versions, at("2026-12-01T00:00:00Z")).status,
    ).toBe("non-compliant");
    expect(evaluateMinorOffering([], versions, 0)).toMatchObject({
      status: "unknown",
      reason: "No cluster class declares the Kubernetes versions it offers.",
    });
  });
});

describe("evaluatePatchOffering", () => {
  it("is compliant when each offered minor offers its newest patch out for a month", () => {
    // 1.35.5 (2026-10-01) is the newest 1.35 patch older than a month on 2026-10-15.
    const r = evaluatePatchOffering(["v1.35.4", "v1.35.5", "v1.36.2"], versions, at("2026-10-15T00:00:00Z"));
    expect(r).toMatchObject({
      status: "compliant",
      reason: "The newest patches are offered (v1.35.5, v1.36.2).",
    });
  });

  it("judges the newest offered patch of each minor: overdue patch and critical-CVE fix", () => {
    // Only 1.35.4 offered: 1.35.5 is older than a month, and the 1.35.6 CVE fix older than 2 weeks.
    const r = evaluatePatchOffering(["v1.35.4", "v1.36.2"], versions, at("2026-11-05T00:00:00Z"));
    expect(r.status).toBe("non-compliant");
    expect(r.findings.map((f) => f.rule).sort()).toEqual(["critical-cve", "patch", "patch"]);
    expect(r.reason).toMatch(/^Offered: v1\.35\.4 /);
  });

  it("gives a new patch its month, and ignores pre-releases and minors the file does not list", () => {
    const soon = evaluatePatchOffering(
      ["v1.36.1", "v1.36.2-rc.0", "v1.99.0"],
      versions,
      at("2026-09-25T00:00:00Z"),
    );
    expect(soon.status).toBe("due-soon");
    expect(soon.findings.map((f) => f.rule)).toEqual(["critical-cve", "patch"]);
    expect(evaluatePatchOffering([], versions, 0).status).toBe("unknown");
  });
});

describe("parseKubernetesVersions", () => {
  const bad = (doc: unknown) => () => parseKubernetesVersions(JSON.stringify(doc), "config/k.json");

  it("names the file, the entry and what is wrong with it", () => {
    expect(
      bad({
        minors: [
          { minor: "1.36", released: "2026-04-22", patches: [{ version: "1.36.1", released: "May 13" }] },
        ],
      }),
    ).toThrow(
      new VersionsFileError(
        "config/k.json is not a valid Kubernetes versions file: minors[0] (1.36).patches[0] (1.36.1).released: expected a date like 2026-05-12",
      ),
    );
  });

  it("refuses a patch of another minor, duplicates, impossible dates and unknown keys", () => {
    expect(
      bad({
        minors: [
          { minor: "1.36", released: "2026-04-22", patches: [{ version: "1.35.1", released: "2026-05-01" }] },
        ],
      }),
    ).toThrow("minors[0] (1.36).patches[0] (1.35.1).version: 1.35.1 is not a patch of 1.36");
    expect(
      bad({
        minors: [
          { minor: "1.36", released: "2026-04-22" },
          { minor: "1.36", released: "2026-04-22" },
        ],
      }),
    ).toThrow("minors[1] (1.36).minor: 1.36 is listed twice");
    expect(bad({ minors: [{ minor: "1.36", released: "2026-02-30" }] })).toThrow("is not a calendar date");
    expect(
      bad({
        minors: [
          { minor: "1.36", released: "2026-04-22", patches: [{ version: "1.36.1", released: "2026-04-01" }] },
        ],
      }),
    ).toThrow("1.36.1 cannot be released before 1.36.0 (2026-04-22)");
    expect(bad({ minors: [{ minor: "1.36", released: "2026-04-22", eol: "2027-06-28" }] })).toThrow(
      "minors[0] (1.36)",
    );
    expect(bad({ minors: [] })).toThrow("minors: list at least one Kubernetes minor");
    expect(() => parseKubernetesVersions("{", "config/k.json")).toThrow("config/k.json is not valid JSON");
  });

  it("accepts the repository's own versions file, and it covers the minors the demo classes use", () => {
    const text = readFileSync(new URL("../../config/kubernetes-versions.json", import.meta.url), "utf8");
    const file = parseKubernetesVersions(text, "config/kubernetes-versions.json");
    const minors = file.minors.map((m) => m.minor);
    expect(minors).toEqual(expect.arrayContaining(["1.35", "1.36"]));
    // The demo clusters (seed) run v1.35.3 and v1.35.5: both exist upstream and were superseded.
    const r = evaluateVersionPolicy("v1.35.3", file, at("2026-11-25T00:00:00Z"));
    expect(r.status).toBe("non-compliant");
    expect(r.reason).toBe(
      "v1.35.3 is older than v1.35.9, released 2026-09-15: the newest patch is required within 1 month.",
    );
  });
});
