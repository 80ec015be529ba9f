import { Alert } from "./alert";
import { fieldId } from "./field";

export type FormErrorSummaryItem = {
  /** Field name; the item links to that Field's input. Omit for a form-level error. */
  field?: string;
  message: string;
};

export type FormErrorSummaryProps = {
  errors: FormErrorSummaryItem[];
  /** @default "There is a problem" */
  title?: React.ReactNode;
};

/**
 * Lists every error of a rejected form at its top, each linking to its field, for forms with more
 * than a couple of fields. Renders nothing when there are no errors.
 */
export function FormErrorSummary({ errors, title = "There is a problem" }: FormErrorSummaryProps) {
  if (errors.length === 0) return null;
  return (
    <Alert kind="error" title={title}>
      <ul>
        {errors.map((e, i) => (
          <li key={`${e.field ?? ""}:${i}`}>
            {e.field ? <a href={`#${fieldId(e.field)}`}>{e.message}</a> : e.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
