import { buttonClassName, type ButtonSize, type ButtonVariant } from "./button-class";

export { buttonClassName, type ButtonSize, type ButtonVariant };

export type ButtonProps = Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
  /** @default "primary" */
  variant?: ButtonVariant;
  /** @default "button" — a submit must say so, or use SubmitButton. */
  type?: "button" | "submit" | "reset";
  /** Full width, as in card forms. @default false */
  block?: boolean;
  /** "sm" for dense places such as the AppShell header and table rows. @default "md" */
  size?: ButtonSize;
};

export function Button({ variant = "primary", type = "button", block = false, size = "md", className, ...rest }: ButtonProps) {
  return <button type={type} className={buttonClassName(variant, { block, size, className })} {...rest} />;
}
