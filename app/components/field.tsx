import { useTranslations } from "next-intl";
import { ErrorIcon } from "./icons";

export type FieldType = "text" | "email" | "password" | "tel" | "url" | "search" | "number";

export type FieldProps = {
  label: React.ReactNode;
  /** Form field name; also the default id (`field-<name>`), which FormErrorSummary links to. */
  name: string;
  /** @default "text" */
  type?: FieldType;
  autoComplete?: string;
  /** Shown under the input; sets aria-invalid and is announced with the input. */
  error?: string | null;
  hint?: React.ReactNode;
  /** @default false */
  required?: boolean;
  defaultValue?: string;
  inputMode?: React.HTMLAttributes<HTMLInputElement>["inputMode"];
  maxLength?: number;
  /** @default false */
  autoFocus?: boolean;
  /** Overrides the id derived from name, for a page that repeats a name. */
  id?: string;
  /** Extra content for the label row, e.g. a "Forgot password?" link. */
  labelAside?: React.ReactNode;
  /** @default false */
  disabled?: boolean;
};

/** The id Field gives an input, so an error summary or a label elsewhere can point at it. */
export function fieldId(name: string): string {
  return `field-${name}`;
}

/** Ids and ARIA wiring shared by Field and PasswordField. */
export function describeField(id: string, opts: { error?: string | null; hint?: unknown; extra?: string }) {
  const errorId = opts.error ? `${id}-error` : undefined;
  const hintId = opts.hint ? `${id}-hint` : undefined;
  const describedBy = [errorId, hintId, opts.extra].filter(Boolean).join(" ") || undefined;
  return {
    errorId,
    hintId,
    inputAria: {
      "aria-describedby": describedBy,
      "aria-invalid": opts.error ? (true as const) : undefined,
    },
  };
}

export function FieldLabel({ htmlFor, label, aside }: { htmlFor: string; label: React.ReactNode; aside?: React.ReactNode }) {
  const labelEl = (
    <label className="field__label" htmlFor={htmlFor}>
      {label}
    </label>
  );
  if (!aside) return labelEl;
  return (
    <div className="field__label-row">
      {labelEl}
      {aside}
    </div>
  );
}

export function FieldError({ id, children }: { id: string | undefined; children: React.ReactNode }) {
  if (!id || !children) return null;
  return <FieldErrorText id={id}>{children}</FieldErrorText>;
}

function FieldErrorText({ id, children }: { id: string; children: React.ReactNode }) {
  const t = useTranslations("common");
  return (
    <p className="field__error" id={id}>
      <ErrorIcon size={14} />
      <span>
        <span className="visually-hidden">{t("errorPrefix")}</span>
        {children}
      </span>
    </p>
  );
}

export function FieldHint({ id, children }: { id: string | undefined; children: React.ReactNode }) {
  if (!id || !children) return null;
  return (
    <p className="field__hint" id={id}>
      {children}
    </p>
  );
}

export function Field({
  label,
  name,
  type = "text",
  autoComplete,
  error,
  hint,
  required = false,
  defaultValue,
  inputMode,
  maxLength,
  autoFocus = false,
  id: idProp,
  labelAside,
  disabled = false,
}: FieldProps) {
  const id = idProp ?? fieldId(name);
  const { errorId, hintId, inputAria } = describeField(id, { error, hint });
  // Emails, codes and usernames must arrive exactly as typed.
  const literal = type === "email" || type === "password" || type === "url" || inputMode === "numeric";
  return (
    <div className="field">
      <FieldLabel htmlFor={id} label={label} aside={labelAside} />
      <input
        className="input"
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        defaultValue={defaultValue}
        inputMode={inputMode}
        maxLength={maxLength}
        autoFocus={autoFocus}
        disabled={disabled}
        autoCapitalize={literal ? "none" : undefined}
        autoCorrect={literal ? "off" : undefined}
        spellCheck={literal ? false : undefined}
        {...inputAria}
      />
      <FieldError id={errorId}>{error}</FieldError>
      <FieldHint id={hintId}>{hint}</FieldHint>
    </div>
  );
}
