export type ButtonVariant = "primary" | "secondary" | "danger";
export type ButtonSize = "md" | "sm";

/** Class names for a button look, also for links styled as buttons (`<Link className=…>`). */
export function buttonClassName(
  variant: ButtonVariant = "primary",
  options: { block?: boolean; size?: ButtonSize; className?: string } = {},
): string {
  const { block = false, size = "md", className } = options;
  return ["button", `button--${variant}`, size === "sm" ? "button--sm" : null, block ? "button--block" : null, className]
    .filter(Boolean)
    .join(" ");
}
