import { adminExportSchema, adminStartExport } from "@/lib/admin";
import { readBody } from "@/lib/http";
import { consolePost } from "../console-post";

export const dynamic = "force-dynamic";

/** The console's export button. */
export async function POST(request: Request) {
  return consolePost(request, async (admin, ctx) => ({ export: await adminStartExport(await readBody(request, adminExportSchema, 1024), admin, ctx) }));
}
