import { z } from "zod";

export const resetRequestSchema = z.object({
  identifier: z
    .string({ error: "fields.identifierRequired" })
    .trim()
    .min(1, "fields.identifierRequired")
    .max(254, "fields.identifierTooLong")
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "fields.identifierInvalid"),
});
