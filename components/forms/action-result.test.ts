import { describe, expect, it } from "vitest";
import { z } from "zod";
import { english } from "@/lib/i18n/english.ts";
import { loadedSchemaErrors, refusalMessage, schemaErrors, settle, UNREACHABLE } from "./action-result.ts";

const refused = (formError: string | null, fieldErrors: Record<string, string> = {}) =>
  ({ ok: false, formError, fieldErrors }) as const;

describe("settle", () => {
  it("passes the action's own answer through", async () => {
    expect(await settle(async () => ({ ok: true, data: 1 }))).toEqual({ ok: true, data: 1 });
    expect(await settle(async () => refused("Team not found."))).toEqual(refused("Team not found."));
  });

  it("turns a call that rejects (network down, server restarted) into a refusal saying so", async () => {
    const res = await settle(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(res).toEqual(refused(UNREACHABLE));
  });

  it("also catches an action that throws before returning a promise", async () => {
    const res = await settle(() => {
      throw new Error("boom");
    });
    expect(res).toEqual(refused(UNREACHABLE));
  });
});

describe("schemaErrors", () => {
  const schema = z.object({ name: z.string().min(1, "Enter a name"), pools: z.array(z.number().min(1)) });

  it("answers nothing for valid input", () => {
    expect(schemaErrors(schema, { name: "a", pools: [1] }, english)).toEqual({});
  });

  it("names each error by its field path, the first message per field", () => {
    expect(schemaErrors(schema, { name: "", pools: [1, 0] }, english)).toEqual({
      name: "Enter a name",
      "pools.1": expect.any(String),
    });
  });
});

describe("loadedSchemaErrors", () => {
  const schema = z.object({ name: z.string().min(1, "Enter a name") });

  it("checks under the schema once it has loaded", async () => {
    expect(await loadedSchemaErrors(async () => schema, { name: "" }, english)).toEqual({
      name: "Enter a name",
    });
    expect(await loadedSchemaErrors(async () => schema, { name: "a" }, english)).toEqual({});
  });

  it("leaves the check to the server when the schema cannot be loaded (console unreachable)", async () => {
    const load = () => Promise.reject(new TypeError("Failed to fetch dynamically imported module"));
    expect(await loadedSchemaErrors(load, { name: "" }, english)).toEqual({});
  });
});

describe("refusalMessage", () => {
  it("keeps the server's own message", () => {
    expect(refusalMessage(refused("Quota used up.", { name: "taken" }), { refused: "Refused." })).toBe(
      "Quota used up.",
    );
  });

  it("leaves the form error empty without a wording (the fields carry the errors)", () => {
    expect(refusalMessage(refused(null, { url: "Enter the registry URL" }), {})).toBeNull();
  });

  it("promotes the first field error where the form shows no field errors", () => {
    expect(refusalMessage(refused(null, { cloudsYaml: "holds a password" }), { refused: "Refused." })).toBe(
      "holds a password",
    );
    expect(refusalMessage(refused(null), { refused: "Deleting was refused." })).toBe("Deleting was refused.");
  });

  it("says the wording, not a field error, where the fields show their errors", () => {
    expect(
      refusalMessage(refused(null, { name: "taken" }), {
        refused: "Some fields need your attention.",
        showsFieldErrors: true,
      }),
    ).toBe("Some fields need your attention.");
  });
});
