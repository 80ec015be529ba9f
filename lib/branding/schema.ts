import { z } from "zod";
import { text } from "@/lib/validation";
import { normalizeHexColor } from "./colors";

const checkbox = z.union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")]).optional().transform((v) => v === "on" || v === "true");

/** Empty means "the default"; anything else must be a hex colour, stored as `#rrggbb`. */
const color = z
  .string()
  .max(16, "Enter a colour like #4f46e5.")
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return null;
    const hex = normalizeHexColor(v);
    if (!hex) ctx.addIssue({ code: "custom", message: "Enter a colour like #4f46e5." });
    return hex ?? null;
  });

/** The branding form's text fields (the files are checked by readBrandingUpload). */
export const brandingSettingsSchema = z.object({
  productName: text({ max: 60 })
    .optional()
    .transform((v) => v?.trim() || null),
  primaryColor: color,
  backgroundColor: color,
  removeLogo: checkbox,
  removeFavicon: checkbox,
});
export type BrandingSettingsInput = z.infer<typeof brandingSettingsSchema>;
