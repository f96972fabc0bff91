/** The personal access token forms' schemas, shared by the tokens page and its actions. */
import { z } from "zod";
import { TEAM_ROLES } from "@/lib/teams/roles.ts";
import { MAX_TOKEN_DAYS } from "@/lib/tokens/lifetime.ts";
import { say } from "./messages.ts";

export const createApiTokenInput = z.object({
  team: z.string().min(1),
  name: z
    .string()
    .trim()
    .min(1, say("nameToken"))
    .max(60, say("atMostChars"))
    .regex(/^[\w .:@/-]+$/, say("tokenNameChars")),
  role: z.enum(TEAM_ROLES, say("chooseRole")),
  expiresInDays: z
    .number(say("expiryDays"))
    .int(say("wholeDays"))
    .min(1, say("atLeastDays"))
    .max(MAX_TOKEN_DAYS, say("atMostDays")),
  platform: z.boolean().default(false),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const revokeApiTokenInput = z
  .object({ team: z.string().min(1), id: z.uuid(), name: z.string(), confirmName: z.string() })
  .refine((v) => v.confirmName === v.name, {
    message: say("confirmTokenName"),
    path: ["confirmName"],
  });
