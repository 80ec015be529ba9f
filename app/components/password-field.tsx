"use client";

import { useEffect, useRef, useState } from "react";
import { describeField, FieldError, FieldHint, FieldLabel, fieldId } from "./field";
import { EyeIcon, EyeOffIcon } from "./icons";

export type PasswordRule = { code: string; message: string; verified: boolean };

export type PasswordFieldProps = {
  label: React.ReactNode;
  name: string;
  /** "current-password" on sign-in, "new-password" when choosing one. @default "current-password" */
  autoComplete?: "current-password" | "new-password" | "off";
  error?: string | null;
  hint?: React.ReactNode;
  /** @default false */
  required?: boolean;
  /** @default false */
  autoFocus?: boolean;
  maxLength?: number;
  id?: string;
  labelAside?: React.ReactNode;
  /** Rule results from the server (e.g. after a rejected submit); shown until the user types. */
  rules?: PasswordRule[];
  /**
   * Pure function that checks the current value on every keystroke. Functions cannot cross the
   * server→client boundary, so only a client component can pass this.
   */
  checkRules?: (value: string) => PasswordRule[];
};

export function PasswordField({
  label,
  name,
  autoComplete = "current-password",
  error,
  hint,
  required = false,
  autoFocus = false,
  maxLength,
  id: idProp,
  labelAside,
  rules,
  checkRules,
}: PasswordFieldProps) {
  const id = idProp ?? fieldId(name);
  const [visible, setVisible] = useState(false);
  const [value, setValue] = useState("");
  const [edited, setEdited] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // The input is uncontrolled so that anything typed before hydration survives it; pick that up
  // once, and start over when the form is reset (React resets forms after a server action).
  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    if (input.value) {
      setValue(input.value);
      setEdited(true);
    }
    const form = input.form;
    const onReset = () => {
      setValue("");
      setEdited(false);
      setVisible(false);
    };
    form?.addEventListener("reset", onReset);
    return () => form?.removeEventListener("reset", onReset);
  }, []);

  // Server results describe the value that was submitted; once the user edits, the live check
  // describes what is in the box now.
  const shownRules = checkRules && (edited || !rules) ? checkRules(value) : rules;
  const rulesId = shownRules && shownRules.length > 0 ? `${id}-rules` : undefined;
  const { errorId, hintId, inputAria } = describeField(id, { error, hint, extra: rulesId });

  return (
    <div className="field">
      <FieldLabel htmlFor={id} label={label} aside={labelAside} />
      <div className="input-group">
        <input
          className="input"
          id={id}
          name={name}
          type={visible ? "text" : "password"}
          autoComplete={autoComplete}
          required={required}
          autoFocus={autoFocus}
          maxLength={maxLength}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          ref={inputRef}
          onChange={(e) => {
            setValue(e.target.value);
            setEdited(true);
          }}
          {...inputAria}
        />
        <button
          type="button"
          className="input-group__button"
          aria-pressed={visible}
          aria-controls={id}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? <EyeOffIcon size={18} /> : <EyeIcon size={18} />}
          <span className="visually-hidden">Show password</span>
        </button>
      </div>
      <FieldError id={errorId}>{error}</FieldError>
      <FieldHint id={hintId}>{hint}</FieldHint>
      {rulesId && shownRules ? (
        <ul className="rules" id={rulesId} aria-live="polite" data-invalid={error ? "true" : undefined}>
          {shownRules.map((rule) => (
            <li key={rule.code} className="rules__item" data-verified={rule.verified ? "true" : "false"}>
              <span className="rules__glyph" aria-hidden="true">
                {rule.verified ? "✓" : "✗"}
              </span>
              <span>
                <span className="visually-hidden">{rule.verified ? "Met: " : "Not met: "}</span>
                {rule.message}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
