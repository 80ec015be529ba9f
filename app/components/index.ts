// The shared server-rendered components; those that run in the browser are in ./client.ts.
export { Alert, type AlertKind, type AlertProps } from "./alert";
export { AppShell, type AppShellNavItem, type AppShellProps } from "./app-shell";
export { Button, buttonClassName, type ButtonProps, type ButtonSize, type ButtonVariant } from "./button";
export { CardPage, type CardPageProps } from "./card-page";
export { CodeField, type CodeFieldProps } from "./code-field";
export { Field, fieldId, type FieldProps, type FieldType } from "./field";
export { FormErrorSummary, type FormErrorSummaryItem, type FormErrorSummaryProps } from "./form-error-summary";
