/** The personal access token forms' schemas, shared by the tokens page and its actions. */
import { z } from "zod";
import { TEAM_ROLES } from "@/lib/teams/roles.ts";

/** The longest a token may live: a leaked one dies within this. */
export const MAX_TOKEN_DAYS = 90;

export const createApiTokenInput = z.object({
  team: z.string().min(1),
  name: z
    .string()
    .trim()
    .min(1, "Name the token (what will use it)")
    .max(60, "At most 60 characters")
    .regex(/^[\w .:@/-]+$/, "Letters, digits, spaces and . : @ / - _ only"),
  role: z.enum(TEAM_ROLES, "Choose a role"),
  expiresInDays: z
    .number("Days until it expires")
    .int("Whole days")
    .min(1, "At least 1 day")
    .max(MAX_TOKEN_DAYS, `At most ${MAX_TOKEN_DAYS} days`),
  platform: z.boolean().default(false),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const revokeApiTokenInput = z
  .object({ team: z.string().min(1), id: z.uuid(), name: z.string(), confirmName: z.string() })
  .refine((v) => v.confirmName === v.name, {
    message: "Type the token's name to confirm",
    path: ["confirmName"],
  });
