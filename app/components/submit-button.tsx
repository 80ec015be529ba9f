"use client";

import { useFormStatus } from "react-dom";
import { useTranslations } from "next-intl";
import { buttonClassName, type ButtonSize, type ButtonVariant } from "./button-class";

export type SubmitButtonProps = {
  children: React.ReactNode;
  /** Label while the form's action runs. @default "Working…" */
  pendingLabel?: React.ReactNode;
  /** @default "primary" */
  variant?: ButtonVariant;
  /** @default false */
  block?: boolean;
  /** @default "md" */
  size?: ButtonSize;
  /** Submitted with the form, to tell several submit buttons apart. */
  name?: string;
  value?: string;
  /** A server action for this button only, overriding the form's action. */
  formAction?: (formData: FormData) => void | Promise<void>;
  /** @default false */
  disabled?: boolean;
};

/**
 * A submit button that disables itself while its form's server action runs, so a slow request
 * cannot be submitted twice. Must be rendered inside the <form>.
 */
export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
  block = false,
  size = "md",
  name,
  value,
  formAction,
  disabled = false,
}: SubmitButtonProps) {
  const { pending } = useFormStatus();
  const t = useTranslations("common");
  return (
    <button
      type="submit"
      className={buttonClassName(variant, { block, size })}
      name={name}
      value={value}
      formAction={formAction}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
    >
      {pending ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {pendingLabel ?? t("working")}
        </>
      ) : (
        children
      )}
    </button>
  );
}
