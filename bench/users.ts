// Bench users, created through the real sign-up form (its server action) over HTTP.
import { randomBytes } from "node:crypto";
import { actionState, callFormAction, findActionId, getText, nextClientIp } from "./http";

export type BenchUser = { email: string; password: string };

const run = randomBytes(3).toString("hex");

/** A password the default policy accepts and that shares nothing with the bench's emails. */
export function strongPassword(): string {
  return `Qw-${randomBytes(12).toString("base64url")}-9`;
}

/** An address of the same shape and length as the bench users', that no account has. */
export function unknownEmail(n: number): string {
  return `nobody${String(n).padStart(4, "0")}-${run}@example.com`;
}

export async function signUpUsers(baseUrl: string, count: number, prefix: string): Promise<BenchUser[]> {
  const actionId = findActionId(await getText(`${baseUrl}/signup`));
  const users: BenchUser[] = [];
  for (let i = 0; i < count; i++) {
    const user = { email: `${prefix}${String(i).padStart(4, "0")}-${run}@example.com`, password: strongPassword() };
    const response = await callFormAction(baseUrl, "/signup", actionId, { email: user.email, password: user.password, name: "" }, { ip: nextClientIp() });
    // A sign-up signs the new user in and redirects to /account; without the redirect, its state says how it went.
    const state = actionState(response.body);
    if (response.status !== 200 || (!state?.ok && response.redirect !== "/account")) {
      throw new Error(`sign-up of ${user.email} failed: ${response.status} ${state?.code ?? ""} ${state?.message ?? ""} ${JSON.stringify(state?.fields ?? {})} ${state ? "" : response.body.slice(0, 300)}`);
    }
    users.push(user);
  }
  return users;
}
