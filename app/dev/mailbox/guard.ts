import { notFound } from "next/navigation";
import { currentRequestContext } from "@/lib/http/server-request";
import { devMailboxOpenTo } from "@/lib/mail";

/**
 * The dev mailbox exists only while mail is kept instead of delivered, and only for clients on
 * this machine unless DEV_MAILBOX_PUBLIC says otherwise. Anyone else gets the same 404 as a path
 * that does not exist.
 */
export async function assertDevMailboxOpen(): Promise<void> {
  if (!devMailboxOpenTo((await currentRequestContext("GET")).ip)) notFound();
}
