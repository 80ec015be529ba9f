import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { defaultConnection, type Connection } from "./connection";
import { createUser, type NewUser } from "./create-user";
import type { SignUpInput } from "./schemas";

/**
 * A person creating their own account on the sign-up page (limited per IP, logged ss/fs). The
 * pre-user-registration Actions run before anything is written; the post-user-registration
 * delivery is queued in the user's transaction (createUser).
 */
export async function signUp(input: SignUpInput, ctx: RequestContext): Promise<{ id: string }> {
  const connection = await defaultConnection();
  const user = await createUser(input, { connection, ctx, selfSignUp: true, beforeWrite: (candidate) => preUserRegistration(candidate, connection, ctx) });
  return { id: user.id };
}

/**
 * Loaded when first needed: lib/actions reads users (lib/users), so a static import would be a cycle.
 * A deny shows the Action's user message on the sign-up page; a failing Action refuses the sign-up
 * (closed), as a blocking Auth0 trigger does.
 */
async function preUserRegistration(candidate: NewUser & { email: string; username?: string }, connection: Connection, ctx: RequestContext) {
  const { runPreUserRegistration } = await import("@/lib/actions");
  const outcome = await runPreUserRegistration({ candidate, connection, request: ctx });
  switch (outcome.kind) {
    case "allowed":
      return { appMetadata: outcome.appMetadata, userMetadata: outcome.userMetadata };
    case "denied":
      throw new AppError("SIGNUP_DENIED", outcome.userMessage.trim() || undefined, { detail: `Denied by Action ${outcome.action}: ${outcome.reason}` });
    case "failed":
      await writeLog({
        type: "actions_execution_failed",
        ...logContext(ctx, { userName: candidate.email, connectionId: connection.id }),
        description: outcome.message.slice(0, 1000),
        details: { trigger: "pre-user-registration", action: outcome.action },
      });
      throw new AppError("SIGNUP_FAILED", undefined, { detail: outcome.message });
  }
}
