/**
 * Whether the form was refused: a form sets data-keep-values while its state is a refusal, so that
 * React's reset after the server action leaves what was typed in place (a listener cancels the
 * reset event). The attribute is updated in the same commit, before React resets the form.
 */
export function keepsValues(form: HTMLFormElement | null | undefined): boolean {
  return form?.dataset.keepValues === "true";
}
