import { z } from "zod";

export const resetRequestSchema = z.object({
  identifier: z
    .string({ error: "Enter your email address or username." })
    .trim()
    .min(1, "Enter your email address or username.")
    .max(254, "That is too long to be an email address or username.")
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "That is not a valid email address or username."),
});
