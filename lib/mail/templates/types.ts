/** What a template returns: spread it into `enqueueEmail(tx, { to, ...template(...) })`. */
export type TemplatedEmail = {
  /** The template's file name, recorded with the job for the admin console. */
  template: string;
  subject: string;
  text: string;
  html: string;
};
