import { Field } from "./field";

export type CodeFieldProps = {
  /** A recovery code (letters and digits, XXXXX-XXXXX) rather than a 6-digit one. */
  recovery: boolean;
  label: string;
  hint?: string;
  error?: string | null;
};

/** The one-time code input of every second-factor step (reset challenge, sign-in proof). */
export function CodeField({ recovery, label, hint, error }: CodeFieldProps) {
  return (
    <Field
      label={label}
      name="code"
      autoComplete={recovery ? "off" : "one-time-code"}
      inputMode={recovery ? "text" : "numeric"}
      maxLength={recovery ? 16 : 12}
      required
      autoFocus
      hint={hint}
      error={error}
    />
  );
}
