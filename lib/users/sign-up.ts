import type { RequestContext } from "@/lib/http";
import { defaultConnection } from "./connection";
import { createUser } from "./create-user";
import type { SignUpInput } from "./schemas";

/** A person creating their own account on the sign-up page (limited per IP, logged ss/fs). */
export async function signUp(input: SignUpInput, ctx: RequestContext): Promise<{ id: string }> {
  const connection = await defaultConnection();
  const user = await createUser(input, { connection, ctx, selfSignUp: true });
  return { id: user.id };
}
