import { z } from "zod";
import { SUPPORTED_FACTOR_TYPES } from "./types";

/** Six digits, as typed: spaces and dashes are forgiven. */
export const sixDigitCode = z
  .string({ error: "Enter the code." })
  .max(64, "The code has 6 digits.")
  .transform((v) => v.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "The code has 6 digits."));

/** Recovery codes are shown as XXXXX-XXXXX; case, spaces and dashes are forgiven. */
export const recoveryCodeInput = z
  .string({ error: "Enter a recovery code." })
  .max(64, "A recovery code has 10 letters and digits.")
  .transform((v) => v.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{10}$/, "A recovery code has 10 letters and digits."));

/** A phone number in E.164 (+ and up to 15 digits); spaces, dots, dashes and brackets are forgiven. */
export const phoneNumberInput = z
  .string({ error: "Enter a phone number." })
  .max(64, "Enter the number with its country code, like +44 20 7946 0958.")
  .transform((v) => v.replace(/[\s().-]/g, ""))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "Enter the number with its country code, like +44 20 7946 0958."));

/** A name the user gives a factor ("YubiKey 5", "Work phone"). */
export const factorNameInput = z
  .string({ error: "Give it a name." })
  .trim()
  .min(1, "Give it a name, like “YubiKey” or “Laptop”.")
  .max(60, "Names have at most 60 characters.")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Use letters, digits and punctuation only.");

export const factorTypeInput = z.enum(SUPPORTED_FACTOR_TYPES, { error: "Choose a method." });

export const factorIdInput = z.uuid({ error: "Choose a method." });
