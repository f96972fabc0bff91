import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client.ts";
import type { CurrentUser } from "@/lib/auth/session.ts";
import { ActionError } from "@/lib/errors.ts";
import { registryOverview } from "./overview.ts";

const user = (groups: string[]) => ({ groups }) as CurrentUser;
// Never reached: the refusal comes before any read.
const db = new Proxy(
  {},
  {
    get: () => {
      throw new Error("the database was read");
    },
  },
) as Db;

describe("the platform admin's registry overview", () => {
  it("refuses anyone who is not a platform admin before reading any team's registry", async () => {
    const teams = [{ id: "1", slug: "team-a", displayName: "Team A" }];
    await expect(registryOverview(db, user(["team-a-admins"]), teams)).rejects.toBeInstanceOf(ActionError);
    await expect(registryOverview(db, user(["platform-admins"]), [])).resolves.toEqual([]);
  });
});
