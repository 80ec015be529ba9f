import { config } from "@/lib/config";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type AdminApiWriteEmailInput = {
  /** The machine client's name, as an admin gave it in the console. */
  clientName: string;
  clientId: string;
  /** What the client asked for, in words ("Update a User"). */
  operation: string;
  /** Whether the client held the scope that allows writes to admins. */
  allowed: boolean;
  at: Date;
  /** Client IP of the API call. */
  ip?: string;
};

/**
 * Notice to an admin whose own account a Management API client tried to change, allowed or not:
 * a client's secret leaking is how a console is taken over, and the admin is the one to revoke it.
 */
export function adminApiWriteEmail(input: AdminApiWriteEmailInput): TemplatedEmail {
  const cfg = config();
  const from = input.ip ? ` from ${input.ip}` : "";
  const outcome = input.allowed
    ? "The client holds the update:admin_users scope, so the request was let through (unless it failed for another reason)."
    : "The client does not hold the update:admin_users scope, so the request was refused and nothing was changed.";
  return {
    template: "admin-api-write",
    subject: `An API client tried to change your ${cfg.PRODUCT_NAME} admin account`,
    ...renderEmail({
      title: "An API client acted on your admin account",
      intro: `The Management API client "${input.clientName}" (${input.clientId}) asked to "${input.operation}" on your ${cfg.PRODUCT_NAME} admin account on ${input.at.toUTCString()}${from}.`,
      paragraphs: [
        outcome,
        "If you did not expect this, revoke the client in the admin console and check your account and the tenant log.",
      ],
      action: { label: "Review API clients", url: `${cfg.PUBLIC_URL}/admin/clients` },
      footer: `You receive this security notice because your ${cfg.PRODUCT_NAME} account has the admin role. It cannot be turned off.`,
    }),
  };
}
