// The shared components that run in the browser. Apart from the server-rendered ones
// (`@/app/components`): a page that imports that barrel would otherwise carry these into its
// first-load JavaScript whether it uses them or not (Turbopack keeps every client reference a
// barrel re-exports), which is what made every page, /reset/done included, load the password field.
export { SubmitButton, type SubmitButtonProps } from "./submit-button";
export { PasswordField, type PasswordFieldProps, type PasswordRule } from "./password-field";
