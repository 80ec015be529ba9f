import { z } from "zod";
import {
  MAX_PASSWORD_HISTORY,
  MAX_PASSWORD_LENGTH,
  PASSWORD_POLICY_LEVELS,
  type PasswordPolicySettings,
} from "./policy";

// Kept apart from policy.ts so the browser checklist does not pull zod into the client bundle.

/** Validates policy settings written by an admin (form or Management API) before they are stored. */
export const passwordPolicySettingsSchema = z.object({
  level: z.enum(PASSWORD_POLICY_LEVELS),
  minLength: z.number().int().min(1).max(MAX_PASSWORD_LENGTH),
  historySize: z.number().int().min(0).max(MAX_PASSWORD_HISTORY),
  dictionary: z.boolean(),
  noPersonalInfo: z.boolean(),
}) satisfies z.ZodType<PasswordPolicySettings>;
