import { z } from "zod";
import { config } from "@/lib/config";
import { findUserById } from "@/lib/users";
import type { SendPhoneMessageEvent } from "./types";
import { discoverActions } from "./discover";
import { eventUser } from "./events/user";
import { runInOrder } from "./run-in-order";
import { isCacheCommand, type CacheCommand } from "./sandbox";

/** One text to send, as the SMS job holds it. */
export type PhoneMessage = {
  to: string;
  body: string;
  /** The code the text carries. */
  code?: string;
  /** Why it is sent: enroll (adding a phone), reset or sign-in (a code as a second factor). */
  purpose?: "enroll" | "reset" | "sign-in";
  userId?: string;
};

/** The shape of lib/factors' SmsProvider, so lib/actions need not import it. */
export type PhoneMessageProvider = {
  readonly name: string;
  send(message: PhoneMessage, options: { id: string; signal: AbortSignal }): Promise<void>;
};

const cacheOnly = z.custom<CacheCommand>((c) => typeof c === "object" && c !== null && isCacheCommand(c as { type: string }));

export async function buildSendPhoneMessageEvent(message: PhoneMessage, secrets: Record<string, string>): Promise<SendPhoneMessageEvent> {
  const user = message.userId ? await findUserById(message.userId) : null;
  return {
    message_options: {
      action: message.purpose === "enroll" ? "enrollment" : "second-factor-authentication",
      code: message.code ?? "",
      language: "en",
      message_type: "sms",
      recipient: message.to,
      text: message.body,
    },
    request: { ip: "", method: "POST", geoip: {} },
    tenant: { id: config().TENANT_NAME },
    user: user ? eventUser(user, user.connection) : {},
    secrets: { ...secrets },
    configuration: {},
  } as SendPhoneMessageEvent;
}

/**
 * The SMS provider: the send-phone-message Actions when any exist (each in file order; a failure
 * throws, so the SMS job retries with backoff), else `fallback` (SMS_PROVIDER).
 */
export function actionsPhoneProvider(fallback: PhoneMessageProvider): PhoneMessageProvider {
  return {
    name: "actions",
    async send(message, options) {
      const files = await discoverActions("send-phone-message");
      if (files.length === 0) return fallback.send(message, options);
      // The user is read once; each file gets its own secrets.
      const base = await buildSendPhoneMessageEvent(message, {});
      const outcome = await runInOrder({
        trigger: "send-phone-message",
        exportName: "onExecuteSendPhoneMessage",
        schema: cacheOnly,
        event: (secrets) => ({ ...base, secrets: { ...secrets } }),
        deliveryId: options.id,
        userId: message.userId ?? null,
        signal: options.signal,
      });
      if (outcome.kind === "failed") throw new Error(`send-phone-message: ${outcome.message}`);
    },
  };
}
