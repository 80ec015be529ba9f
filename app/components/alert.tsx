import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from "./icons";

export type AlertKind = "error" | "info" | "success" | "warning";

export type AlertProps = {
  kind: AlertKind;
  title?: React.ReactNode;
  children?: React.ReactNode;
  id?: string;
};

const icons = { error: ErrorIcon, info: InfoIcon, success: SuccessIcon, warning: WarningIcon } as const;

/**
 * A message box. Errors use role="alert" so they interrupt a screen reader; everything else is a
 * polite role="status". Each kind has its own icon shape, so colour is never the only signal.
 */
export function Alert({ kind, title, children, id }: AlertProps) {
  const Icon = icons[kind];
  return (
    <div id={id} className={`alert alert--${kind}`} role={kind === "error" ? "alert" : "status"}>
      <Icon size={16} className="alert__icon" />
      <div className="alert__body">
        {title ? <p className="alert__title">{title}</p> : null}
        {children ? <div>{children}</div> : null}
      </div>
    </div>
  );
}
