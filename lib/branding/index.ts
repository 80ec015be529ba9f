// Branding without code: name, colours, logo and favicon, stored in the database, applied to every
// page (app/layout.tsx, the brand mark) and every email.
export { currentBranding, saveBranding, brandingAsset, failsWhiteText, type Branding } from "./store";
export { brandingCss, emailBrand } from "./theme";
export { brandingSettingsSchema, type BrandingSettingsInput } from "./schema";
export { readBrandingUpload, readBrandingUploads, sniffImageType, MAX_ASSET_BYTES, type BrandingAssetKind, type ImageType } from "./assets";
export { accentTextColor, contrastRatio, normalizeHexColor, AA_CONTRAST } from "./colors";
export { brandingAssetResponse } from "./serve";
