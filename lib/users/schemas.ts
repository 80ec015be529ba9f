import { z } from "zod";
import { text } from "@/lib/validation";

// Limits are generous for people and tight for attackers: nothing here needs more.
const email = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(3, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

const username = z
  .string()
  .trim()
  .min(1, "Enter a username.")
  .max(128, "Usernames have at most 128 characters.")
  .regex(/^[a-zA-Z0-9_+\-.!#$'^`~@]+$/, "Use letters, digits and _ + - . ! # $ ' ^ ` ~ @ only.")
  .refine((v) => !v.includes("@"), "A username cannot contain @.");

// Password length is enforced by the policy with a clear rule; this cap only stops abuse.
export const passwordInput = z
  .string({ error: "Enter a password." })
  .min(1, "Enter a password.")
  .max(4096, "That password is too long.");

/** A form's optional username: an empty field is no username. */
const optionalUsername = z.union([z.literal("").transform(() => undefined), username]).optional();

// Regression: a NUL in the sign-up name reached the insert and PostgreSQL refused it (a 500).
const name = text({ max: 300, message: "A name cannot contain control characters." }).trim().optional();

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
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordSchema>;

export const schemas = { email, username, optionalUsername, name };
