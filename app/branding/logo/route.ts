import { brandingAssetResponse } from "@/lib/branding";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return brandingAssetResponse("logo", request);
}
