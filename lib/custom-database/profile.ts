import { z } from "zod";
import { boundedJsonObject, text } from "@/lib/validation";

/**
 * The user a Custom Database script hands to its callback, as Auth0 reads it: `user_id` (or `id`)
 * and `email` at least, the usual profile fields, metadata. Other keys are ignored, as Auth0
 * ignores what it does not store; a password or hash in the profile is never read.
 */
export const customDatabaseProfileSchema = z
  .object({
    user_id: z.union([z.string().max(255), z.number()]).optional(),
    id: z.union([z.string().max(255), z.number()]).optional(),
    email: z.string().max(254).pipe(z.email()),
    email_verified: z.boolean().default(false),
    username: text({ max: 128 }).regex(/^[^@\s]+$/).optional(),
    name: text({ max: 300 }).optional(),
    given_name: text({ max: 150 }).optional(),
    family_name: text({ max: 150 }).optional(),
    nickname: text({ max: 300 }).optional(),
    picture: z.url().max(2048).optional(),
    app_metadata: boundedJsonObject.optional(),
    user_metadata: boundedJsonObject.optional(),
  })
  .strip();
export type CustomDatabaseProfile = z.infer<typeof customDatabaseProfileSchema>;
