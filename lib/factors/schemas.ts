import { z } from "zod";
import { SUPPORTED_FACTOR_TYPES } from "./types";

/** Six digits, as typed: spaces and dashes are forgiven. */
export const sixDigitCode = z
  .string({ error: "fields.codeRequired" })
  .max(64, "fields.codeSixDigits")
  .transform((v) => v.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "fields.codeSixDigits"));

/** Recovery codes are shown as XXXXX-XXXXX; case, spaces and dashes are forgiven. */
export const recoveryCodeInput = z
  .string({ error: "fields.recoveryCodeRequired" })
  .max(64, "fields.recoveryCodeShape")
  .transform((v) => v.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{10}$/, "fields.recoveryCodeShape"));

/** A phone number in E.164 (+ and up to 15 digits); spaces, dots, dashes and brackets are forgiven. */
export const phoneNumberInput = z
  .string({ error: "fields.phoneRequired" })
  .max(64, "fields.phoneShape")
  .transform((v) => v.replace(/[\s().-]/g, ""))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "fields.phoneShape"));

/** A name the user gives a factor ("YubiKey 5", "Work phone"). */
export const factorNameInput = z
  .string({ error: "fields.factorNameRequired" })
  .trim()
  .min(1, "fields.factorNameExample")
  .max(60, "fields.factorNameTooLong")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "fields.factorNameChars");

export const factorTypeInput = z.enum(SUPPORTED_FACTOR_TYPES, { error: "fields.chooseMethod" });

export const factorIdInput = z.uuid({ error: "fields.chooseMethod" });
