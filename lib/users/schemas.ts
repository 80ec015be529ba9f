import { z } from "zod";
import { text } from "@/lib/validation";

// Limits are generous for people and tight for attackers: nothing here needs more.
const email = z
  .string({ error: "fields.emailRequired" })
  .trim()
  .min(3, "fields.emailRequired")
  .max(254, "fields.emailTooLong")
  .pipe(z.email({ error: "fields.emailInvalid" }));

const username = z
  .string()
  .trim()
  .min(1, "fields.usernameRequired")
  .max(128, "fields.usernameTooLong")
  .regex(/^[a-zA-Z0-9_+\-.!#$'^`~@]+$/, "fields.usernameChars")
  .refine((v) => !v.includes("@"), "fields.usernameAt");

// Password length is enforced by the policy with a clear rule; this cap only stops abuse.
export const passwordInput = z
  .string({ error: "fields.passwordRequired" })
  .min(1, "fields.passwordRequired")
  .max(4096, "fields.passwordTooLong");

/** A form's optional username: an empty field is no username. */
const optionalUsername = z.union([z.literal("").transform(() => undefined), username]).optional();

// Regression: a NUL in the sign-up name reached the insert and PostgreSQL refused it (a 500).
const name = text({ max: 300, message: "fields.nameControl" }).trim().optional();

export const signUpSchema = z.object({
  email,
  username: optionalUsername,
  password: passwordInput,
  name,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  identifier: z
    .string({ error: "Enter your email or username." })
    .trim()
    .min(1, "Enter your email or username.")
    .max(254, "That is too long to be an email or username.")
    // Regression: a NUL byte reached the rate-limit SQL and PostgreSQL refused it (an unexpected 500 path).
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "That is not a valid email or username."),
  password: passwordInput,
});
export type SignInInput = z.infer<typeof signInSchema>;

export const changeOwnPasswordSchema = z
  .object({
    currentPassword: passwordInput,
    newPassword: passwordInput,
    confirmPassword: passwordInput,
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "fields.passwordsMismatch" });
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordSchema>;

export const schemas = { email, username, optionalUsername, name };
