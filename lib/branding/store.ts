import { createHash } from "node:crypto";
import { config } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import { isDatabaseUnreachable } from "@/lib/errors";
import { processWide } from "@/lib/process-wide";
import type { BrandingAssetKind, ImageType } from "./assets";
import { accentTextColor, contrastRatio, hoverColor, AA_CONTRAST } from "./colors";
import type { BrandingSettingsInput } from "./schema";

/** What pages and emails need to look right; the files themselves are fetched by URL. */
export type Branding = {
  /** The branding's name, else PRODUCT_NAME. */
  productName: string;
  /** Whether an admin set the name (else it is PRODUCT_NAME). */
  customName: boolean;
  primaryColor: string | null;
  /** Text on primary-coloured buttons, chosen for contrast. */
  primaryTextColor: string | null;
  primaryHoverColor: string | null;
  /** Contrast of white text on the primary colour; below 4.5 the buttons use black text. */
  whiteTextContrast: number | null;
  backgroundColor: string | null;
  /** Path with a version (`/branding/logo?v=<hash>`), or null for the letter tile. */
  logoPath: string | null;
  faviconPath: string | null;
  faviconType: string | null;
};

const ID = "default";
// Every page reads the branding: keep it a few seconds per process. A save clears this process's
// copy at once; other instances pick it up when theirs expires.
const TTL_MS = 5_000;
const cache = () => processWide("branding.cache", () => ({ value: undefined as Branding | undefined, at: 0 }));

const META = {
  productName: true,
  primaryColor: true,
  backgroundColor: true,
  logoHash: true,
  faviconHash: true,
  faviconType: true,
} as const;

type Row = { productName: string | null; primaryColor: string | null; backgroundColor: string | null; logoHash: string | null; faviconHash: string | null; faviconType: string | null };

function toBranding(row: Row | null): Branding {
  const primary = row?.primaryColor ?? null;
  return {
    productName: row?.productName ?? config().PRODUCT_NAME,
    customName: !!row?.productName,
    primaryColor: primary,
    primaryTextColor: primary ? accentTextColor(primary) : null,
    primaryHoverColor: primary ? hoverColor(primary) : null,
    whiteTextContrast: primary ? Math.round(contrastRatio(primary, "#ffffff") * 100) / 100 : null,
    backgroundColor: row?.backgroundColor ?? null,
    logoPath: row?.logoHash ? `/branding/logo?v=${row.logoHash.slice(0, 16)}` : null,
    faviconPath: row?.faviconHash ? `/branding/favicon?v=${row.faviconHash.slice(0, 16)}` : null,
    faviconType: row?.faviconHash ? row.faviconType : null,
  };
}

/**
 * The current branding (defaults when none is set). Pass the transaction when called inside one:
 * the embedded database has one connection, which an open transaction holds.
 */
export async function currentBranding(tx?: Prisma.TransactionClient): Promise<Branding> {
  const entry = cache();
  if (entry.value && Date.now() - entry.at < TTL_MS) return entry.value;
  let row: Row | null;
  try {
    row = await (tx ?? (await prisma())).branding.findUnique({ where: { id: ID }, select: META });
  } catch (error) {
    // The root layout reads this on every page. While the database is unreachable the pages keep
    // the look they had (the defaults after a restart), so a page that fails shows our error page,
    // rendered on the server, instead of the empty shell Next.js answers when the root layout
    // itself throws (a blank page without scripts). The next call asks the database again.
    if (!tx && isDatabaseUnreachable(error)) return entry.value ?? toBranding(null);
    throw error;
  }
  const value = toBranding(row);
  Object.assign(entry, { value, at: Date.now() });
  return value;
}

/** Whether white text on this colour fails WCAG AA: the console warns, buttons switch to black text. */
export function failsWhiteText(branding: Branding): boolean {
  return branding.whiteTextContrast !== null && branding.whiteTextContrast < AA_CONTRAST;
}

type Upload = { bytes: Uint8Array; type: ImageType };

/** Saves the settings and any new files in one write; an upload replaces, a removal restores the default. */
export async function saveBranding(input: BrandingSettingsInput & { logo?: Upload; favicon?: Upload }, actor: { id: string }): Promise<Branding> {
  const file = (kind: BrandingAssetKind, upload: Upload | undefined, remove: boolean) =>
    upload
      ? { [kind]: Buffer.from(upload.bytes), [`${kind}Type`]: upload.type, [`${kind}Hash`]: createHash("sha256").update(upload.bytes).digest("hex") }
      : remove
        ? { [kind]: null, [`${kind}Type`]: null, [`${kind}Hash`]: null }
        : {};
  const data = {
    productName: input.productName,
    primaryColor: input.primaryColor,
    backgroundColor: input.backgroundColor,
    updatedBy: actor.id,
    ...file("logo", input.logo, input.removeLogo),
    ...file("favicon", input.favicon, input.removeFavicon),
  };
  const db = await prisma();
  await db.branding.upsert({ where: { id: ID }, create: { id: ID, ...data }, update: data });
  cache().at = 0;
  return currentBranding();
}

/** One stored file with its type and hash (the ETag), or null when none is set. */
export async function brandingAsset(kind: BrandingAssetKind): Promise<{ bytes: Uint8Array; type: string; hash: string } | null> {
  const db = await prisma();
  const row = await db.branding.findUnique({ where: { id: ID } });
  const bytes = row?.[kind];
  const type = row?.[`${kind}Type`];
  const hash = row?.[`${kind}Hash`];
  return bytes && type && hash ? { bytes, type, hash } : null;
}
