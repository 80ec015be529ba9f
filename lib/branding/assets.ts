import { AppError } from "@/lib/errors";

export type BrandingAssetKind = "logo" | "favicon";
export type ImageType = "image/png" | "image/svg+xml" | "image/x-icon" | "image/webp";

/** Upload limits; both together stay under the 1 MB body limit of a server action. */
export const MAX_ASSET_BYTES: Record<BrandingAssetKind, number> = { logo: 512 * 1024, favicon: 128 * 1024 };

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

/**
 * The image type read from the file's bytes, never from its name or the browser's claim: a file
 * that says PNG but holds HTML must not be served as anything. SVG is text, recognised by its root
 * element; it is served under a CSP that runs no script (see the /branding routes).
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return "image/x-icon";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return "image/svg+xml";
  return undefined;
}

/** Checks one uploaded file; returns its bytes and type, or throws INVALID_INPUT naming the field. */
export async function readBrandingUpload(kind: BrandingAssetKind, file: File): Promise<{ bytes: Uint8Array; type: ImageType }> {
  const fail = (message: string) => new AppError("INVALID_INPUT", message, { fields: { [kind]: message } });
  if (file.size > MAX_ASSET_BYTES[kind]) throw fail(`The ${kind} is larger than ${MAX_ASSET_BYTES[kind] / 1024} KB.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length > MAX_ASSET_BYTES[kind]) throw fail(`The ${kind} is larger than ${MAX_ASSET_BYTES[kind] / 1024} KB.`);
  const type = sniffImageType(bytes);
  if (!type) throw fail(`The ${kind} must be a PNG, SVG, ICO or WebP image.`);
  return { bytes, type };
}

/**
 * The logo and favicon of a branding form: each checked when a file was chosen, absent otherwise.
 * A forged action call may pass anything as the form: it reads as one with no files.
 */
export async function readBrandingUploads(formData: unknown): Promise<{ logo?: { bytes: Uint8Array; type: ImageType }; favicon?: { bytes: Uint8Array; type: ImageType } }> {
  const out: { logo?: { bytes: Uint8Array; type: ImageType }; favicon?: { bytes: Uint8Array; type: ImageType } } = {};
  for (const kind of ["logo", "favicon"] as const) {
    const file = formData instanceof FormData ? formData.get(kind) : null;
    // An empty file input still sends a part (with no bytes): that means "keep the current one".
    if (file instanceof File && file.size > 0) out[kind] = await readBrandingUpload(kind, file);
  }
  return out;
}
