import { downloadUserExport } from "@/lib/export";
import { managementErrorResponse } from "@/lib/management";

export const dynamic = "force-dynamic";

/** The location URL of a completed users export: signed and expiring, no bearer token (as Auth0's). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const url = new URL(request.url);
  try {
    return await downloadUserExport((await params).id, url.searchParams.get("expires"), url.searchParams.get("signature"));
  } catch (error) {
    return managementErrorResponse(error, "query");
  }
}
