import crypto from "node:crypto";
import { buildPreUserRegistrationEvent, type PreUserRegistrationFacts } from "./events/registration";
import { applyMetadataWrites } from "./post-login";
import { runInOrder } from "./run-in-order";
import { preUserRegistrationCommandSchema, type PreUserRegistrationCommand } from "./sandbox";

export type PreUserRegistrationOutcome =
  | { kind: "allowed"; appMetadata: Record<string, unknown>; userMetadata: Record<string, unknown> }
  /** `api.access.deny` or `api.validation.error`: `userMessage` is for the sign-up page, `reason` for the log. */
  | { kind: "denied"; action: string; reason: string; userMessage: string }
  | { kind: "failed"; action: string; message: string };

const stops = (c: PreUserRegistrationCommand) => c.type === "access.deny" || c.type === "validation.error";

/**
 * The pre-user-registration Actions, before sign-up writes anything: in file order, stopping at
 * the first deny. Metadata writes fold, in call order, into what the user is created with.
 */
export async function runPreUserRegistration(facts: Omit<PreUserRegistrationFacts, "secrets">): Promise<PreUserRegistrationOutcome> {
  const outcome = await runInOrder({
    trigger: "pre-user-registration",
    exportName: "onExecutePreUserRegistration",
    schema: preUserRegistrationCommandSchema,
    event: (secrets) => buildPreUserRegistrationEvent({ ...facts, secrets }),
    deliveryId: `signup-${crypto.randomUUID()}`,
    stopsAfter: stops,
  });
  if (outcome.kind === "failed") return outcome;
  let appMetadata: Record<string, unknown> = {};
  let userMetadata: Record<string, unknown> = {};
  for (const { action, commands } of outcome.commands) {
    for (const command of commands) {
      switch (command.type) {
        case "access.deny":
          return { kind: "denied", action, reason: command.reason, userMessage: command.userMessage };
        case "validation.error":
          return { kind: "denied", action, reason: `${command.errorCode}: ${command.userMessage}`, userMessage: command.userMessage };
        case "user.setAppMetadata":
          appMetadata = applyMetadataWrites(appMetadata, [command]);
          break;
        case "user.setUserMetadata":
          userMetadata = applyMetadataWrites(userMetadata, [command]);
          break;
        case "cache.set":
        case "cache.delete":
          break;
      }
    }
  }
  return { kind: "allowed", appMetadata, userMetadata };
}
