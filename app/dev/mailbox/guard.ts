import { notFound } from "next/navigation";
import { config } from "@/lib/config";

/** The dev mailbox exists only while mail is kept instead of delivered. */
export function assertDevMailboxEnabled(): void {
  if (!config().DEV_MAILBOX) notFound();
}
