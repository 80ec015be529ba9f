"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { describeField, FieldError, FieldHint, FieldLabel, fieldId } from "./field";
import { EyeIcon, EyeOffIcon } from "./icons";
import { keepsValues } from "./keep-values";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import { liveChecklist, serverChecklist, type ChecklistRule, type ChecklistState, type PasswordAudience } from "@/lib/passwords/checklist";
import { ruleText } from "@/lib/i18n/password-rules";

export type PasswordRule = { code: string; message: string; verified: boolean; params?: Record<string, number | string>; items?: { code: string }[] };

const GLYPHS: Record<ChecklistState, string> = { met: "✓", unmet: "✗", unchecked: "○", "on-save": "…" };
const SPOKEN = { met: "password.met", unmet: "password.unmet", unchecked: null, "on-save": "password.onSave" } as const satisfies Record<ChecklistState, string | null>;

function spokenState(state: ChecklistState, t: (id: string) => string): string {
  const id = SPOKEN[state];
  return id ? t(id) : "";
}

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
  /** The connection's policy: given, the checklist follows every keystroke (lib/passwords/checklist). */
  policy?: PasswordPolicySettings;
  /** Whose password this is, for the wording of the server's rules. @default "self" */
  audience?: PasswordAudience;
  /** What was typed before a refusal answered by a whole new page (a form posted without JavaScript). */
  defaultValue?: string;
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
  policy,
  audience = "self",
  defaultValue,
}: PasswordFieldProps) {
  const id = idProp ?? fieldId(name);
  const t = useTranslations();
  const [visible, setVisible] = useState(false);
  const [value, setValue] = useState("");
  const [edited, setEdited] = useState(false);
  // The server error the user has since answered by editing; hidden until the next submit.
  const [answered, setAnswered] = useState<string | null | undefined>(undefined);
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
    const onReset = (event: Event) => {
      if (keepsValues(form)) {
        event.preventDefault();
        return;
      }
      setValue("");
      setEdited(false);
      setVisible(false);
    };
    // A new submit: the server's answer (rules, error) describes the value now in the box.
    const onSubmit = () => {
      setEdited(false);
      setAnswered(undefined);
    };
    form?.addEventListener("reset", onReset);
    form?.addEventListener("submit", onSubmit);
    return () => {
      form?.removeEventListener("reset", onReset);
      form?.removeEventListener("submit", onSubmit);
    };
  }, []);

  const shownError = error && error !== answered ? error : null;
  // Server results describe the value that was submitted; once the user edits, the live check
  // describes what is in the box now.
  const shownRules: ChecklistRule[] | undefined =
    policy && (edited || !rules) ? liveChecklist(value, policy, audience) : rules ? serverChecklist(rules, audience) : undefined;
  const rulesId = shownRules && shownRules.length > 0 ? `${id}-rules` : undefined;
  const { errorId, hintId, inputAria } = describeField(id, { error: shownError, hint, extra: rulesId });

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
          defaultValue={defaultValue}
          onChange={(e) => {
            setValue(e.target.value);
            setEdited(true);
            setAnswered(error);
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
          <span className="visually-hidden">{t("common.showPassword")}</span>
        </button>
      </div>
      <FieldError id={errorId}>{shownError}</FieldError>
      <FieldHint id={hintId}>{hint}</FieldHint>
      {rulesId && shownRules ? (
        <ul className="rules" id={rulesId} aria-live="polite" data-invalid={shownError ? "true" : undefined}>
          {shownRules.map((rule) => (
            <li key={rule.code} className="rules__item" data-state={rule.state}>
              <span className="rules__glyph" aria-hidden="true">
                {GLYPHS[rule.state]}
              </span>
              <span>
                <span className="visually-hidden">{spokenState(rule.state, t)}</span>
                {ruleText((key, values) => t(key, values), rule, audience)}
                {rule.state === "on-save" ? <span className="rules__note">{t("password.onSaveNote")}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
