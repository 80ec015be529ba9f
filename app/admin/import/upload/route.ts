import { adminStartImport } from "@/lib/admin";
import { consolePost } from "../console-post";

export const dynamic = "force-dynamic";

/** The console's import form (multipart, streamed to disk like the API's upload). */
export async function POST(request: Request) {
  return consolePost(request, async (admin, ctx) => ({ job: await adminStartImport(request, admin, ctx) }));
}
