import type { BrandingAssetKind } from "./assets";
import { brandingAsset } from "./store";

/**
 * The response for `/branding/logo` and `/branding/favicon`: the stored file with its sniffed type,
 * an ETag (its SHA-256) and a short public cache; 304 when the browser has it. An SVG is served
 * under a CSP that runs no script and loads nothing, so opening it directly cannot run code on our
 * origin. 404 when none is set (pages then use the defaults and never ask).
 */
export async function brandingAssetResponse(kind: BrandingAssetKind, request: Request): Promise<Response> {
  const asset = await brandingAsset(kind);
  if (!asset) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" } });
  const etag = `"${asset.hash}"`;
  const headers = new Headers({
    "Content-Type": asset.type,
    "Cache-Control": "public, max-age=300",
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "Content-Disposition": `inline; filename="${kind}"`,
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers });
  return new Response(Buffer.from(asset.bytes), { status: 200, headers });
}
