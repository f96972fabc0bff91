import { describe, expect, it } from "vitest";
import { inEnglish } from "@/lib/errors.ts";
import { checkCloudsYaml } from "./cloud-credentials.ts";

const SECRET = "s3cr3t-value-never-echoed";
const good = `clouds:
  openstack:
    auth:
      auth_url: https://keystone.example.test:5000/v3
      application_credential_id: 0123abcd
      application_credential_secret: ${SECRET}
    region_name: RegionOne
    interface: public
    identity_api_version: 3
    auth_type: v3applicationcredential
`;

const message = (text: string) => {
  const r = checkCloudsYaml(text);
  if (r.ok) throw new Error("expected a refusal");
  // Neither the English nor the values a page translates carry anything of the file's secret.
  expect(JSON.stringify(r.words)).not.toContain(SECRET);
  const english = inEnglish(r.words);
  expect(english).not.toContain(SECRET);
  return english;
};

describe("checkCloudsYaml", () => {
  it("accepts one cloud with an application credential and summarises nothing secret", () => {
    const r = checkCloudsYaml(good);
    expect(r).toEqual({
      ok: true,
      summary: {
        cloudName: "openstack",
        authUrl: "https://keystone.example.test:5000/v3",
        region: "RegionOne",
      },
    });
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(checkCloudsYaml(good.replace("    region_name: RegionOne\n", "")).ok).toBe(true);
    const query = checkCloudsYaml(good.replace("5000/v3", `5000/v3?token=${SECRET}`));
    expect(query.ok && query.summary.authUrl).toBe("https://keystone.example.test:5000/v3");
  });

  it("refuses passwords in clear with a message that says what to upload instead", () => {
    const pw = `clouds:
  openstack:
    auth:
      auth_url: https://keystone.example.test/v3
      username: dave
      password: ${SECRET}
      project_id: p1
    auth_type: password
`;
    expect(message(pw)).toMatch(/holds a password.*application credential/);
    expect(message(good.replace("auth_type: v3applicationcredential", "auth_type: v3password"))).toMatch(
      /password/,
    );
  });

  it("refuses other shapes with the key at fault, never quoting the file", () => {
    expect(message("")).toMatch(/Paste or choose/);
    expect(message(`clouds: [${SECRET}`)).toMatch(/not valid YAML \(line \d+\)/);
    expect(message(`${good}\nclouds: {}\n`)).toMatch(/not valid YAML/);
    expect(message("openstack: {}")).toMatch(/`clouds:` map/);
    expect(message(`${good}  second:\n    auth: {}\n`)).toMatch(/exactly one cloud \(it has 2\)/);
    expect(message(good.replace("https://keystone", "http://keystone"))).toMatch(
      /auth_url must be the https/,
    );
    expect(message(good.replace("auth_type: v3applicationcredential", "auth_type: token"))).toMatch(
      /v3applicationcredential/,
    );
    expect(
      message(good.replace(`application_credential_secret: ${SECRET}`, 'application_credential_secret: ""')),
    ).toMatch(/application_credential_secret is missing/);
    expect(message(good.replace("region_name: RegionOne", "region_name: [a, b]"))).toMatch(
      /region_name must be text/,
    );
    expect(message(`a: &x ${SECRET}\nclouds: *x\n`)).not.toContain(SECRET);
  });
});
