import { z } from "zod";
import { machineClientInputSchema } from "@/lib/management";

/**
 * The console's form for a machine client: checkboxes send `scopes` once per box, so the action
 * joins them with spaces first (`joinFormValues`); this splits them again.
 */
export const machineClientFormSchema = z.object({
  name: machineClientInputSchema.shape.name,
  scopes: z
    .string()
    .max(1000)
    .optional()
    .transform((value) => (value ?? "").split(" ").filter(Boolean))
    .pipe(machineClientInputSchema.shape.scopes),
});

export const revokeClientSchema = z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown client.") });

/** A copy of a form with every value of `key` joined by spaces, for fields sent once per checkbox. */
export function joinFormValues(formData: unknown, key: string): FormData {
  const copy = new FormData();
  // A forged action call may pass anything as the form: it reads as an empty one.
  if (!(formData instanceof FormData)) return copy;
  for (const [k, v] of formData) if (k !== key && typeof v === "string") copy.append(k, v);
  copy.set(key, formData.getAll(key).filter((v): v is string => typeof v === "string").join(" "));
  return copy;
}
