// The shared components that render on the server and in client components alike. Imported from
// their own files instead, because Turbopack keeps every client reference a barrel re-exports (a
// page importing this file would load them all): the browser-only ones (submit-button.tsx,
// password-field.tsx, …), AppShell (app-shell.tsx, its next/link), and CardPage (card-page.tsx),
// with its language switcher.
export { Alert, type AlertKind, type AlertProps } from "./alert";
export { Button, buttonClassName, type ButtonProps, type ButtonSize, type ButtonVariant } from "./button";
export { CardFrame, type CardFrameProps } from "./card-frame";
export { CodeField, type CodeFieldProps } from "./code-field";
export { Field, fieldId, type FieldProps, type FieldType } from "./field";
export { FormErrorSummary, type FormErrorSummaryItem, type FormErrorSummaryProps } from "./form-error-summary";
