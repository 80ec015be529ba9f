import { config } from "@/lib/config";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type ImportCompletedEmailInput = {
  jobId: string;
  connection: string;
  status: "completed" | "failed";
  inserted: number;
  updated: number;
  failed: number;
  /** Why the whole file was refused, when it was. */
  error?: string | null;
};

/** Auth0's `send_completion_email`: the tenant's admins learn that a users import ended, and how. */
export function importCompletedEmail(input: ImportCompletedEmailInput): TemplatedEmail {
  const cfg = config();
  const counts = `${input.inserted} inserted, ${input.updated} updated, ${input.failed} refused.`;
  return {
    template: "import-completed",
    subject: input.status === "completed" ? `Users import ${input.jobId} completed` : `Users import ${input.jobId} failed`,
    ...renderEmail({
      title: input.status === "completed" ? "Your users import is complete" : "Your users import failed",
      intro: `The users import ${input.jobId} into the connection ${input.connection} ${input.status === "completed" ? "is complete" : "stopped"}: ${counts}`,
      paragraphs: [
        ...(input.error ? [`The file was refused: ${input.error}`] : []),
        ...(input.failed > 0 ? ["The console's import page and GET /api/v2/jobs/{id}/errors list every refused user with its line and field."] : []),
      ],
      action: { label: "Open the import page", url: `${cfg.PUBLIC_URL}/admin/import?job=${encodeURIComponent(input.jobId)}` },
      footer: `You receive this because you are an admin of ${cfg.PRODUCT_NAME} and the import asked for a completion email (send_completion_email).`,
    }),
  };
}
