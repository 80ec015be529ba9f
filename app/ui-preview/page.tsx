// TEMPORARY showcase of every shared component, for screenshots and axe checks. Delete the whole
// app/ui-preview folder once real pages use the components.

import type { Metadata } from "next";
import {
  Alert,
  AppShell,
  Button,
  Field,
  FormErrorSummary,
  PasswordField,
  SubmitButton,
  buttonClassName,
} from "@/app/components";
import { PasswordDemo } from "./password-demo";

export const dynamic = "force-static";
export const metadata: Metadata = { title: "UI preview" };

async function slowAction(): Promise<void> {
  "use server";
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

const signOut = (
  <form>
    <Button variant="secondary" size="sm" type="submit">
      Sign out
    </Button>
  </form>
);

export default function UiPreviewPage() {
  return (
    <AppShell
      productName="Rekey"
      homeHref="/ui-preview"
      nav={[
        { href: "/ui-preview", label: "Components", current: true },
        { href: "/ui-preview/card", label: "Card page" },
        { href: "/ui-preview#security", label: "Security" },
      ]}
      user={{ email: "ada.lovelace@example.com" }}
      signOutSlot={signOut}
    >
      <div className="page-header">
        <div>
          <h1>Components</h1>
          <p>Everything a Rekey page is built from.</p>
        </div>
        <span className="badge">Preview</span>
      </div>

      <div className="stack stack--lg">
        <section className="panel" aria-labelledby="fields-heading">
          <div className="panel__header">
            <h2 id="fields-heading">Fields</h2>
            <p>Labels, hints, errors and one-time codes.</p>
          </div>
          <form className="form" action={slowAction}>
            <FormErrorSummary
              errors={[
                { field: "pv-email", message: "Enter an email address in the right format" },
                { message: "Too many attempts. Try again in 5 minutes." },
              ]}
            />
            <Field label="Full name" name="pv-name" autoComplete="name" hint="As you would like to be addressed." />
            <Field
              label="Email"
              name="pv-email"
              type="email"
              autoComplete="email"
              defaultValue="ada@example"
              error="Enter an email address in the right format, like name@example.com"
              required
            />
            <Field
              label="Verification code"
              name="pv-code"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              hint="We sent a 6-digit code to ada@example.com."
            />
            <div className="form-actions">
              <SubmitButton>Save changes</SubmitButton>
              <Button variant="secondary">Cancel</Button>
            </div>
          </form>
        </section>

        <section className="panel" aria-labelledby="password-heading" id="security">
          <div className="panel__header">
            <h2 id="password-heading">Passwords</h2>
            <p>Show/hide toggle and the rule checklist, live or from the server.</p>
          </div>
          <form className="form">
            <PasswordField label="Current password" name="pv-current" labelAside={<a href="#security">Forgot password?</a>} />
            <PasswordDemo />
            <PasswordField
              label="New password (server result)"
              name="pv-server"
              autoComplete="new-password"
              error="Choose a password that meets every rule."
              rules={[
                { code: "MIN_LENGTH", message: "At least 12 characters", verified: true },
                { code: "NOT_BREACHED", message: "Not found in known data breaches", verified: false },
              ]}
            />
          </form>
          <div className="panel__footer">
            <span>Last changed 3 days ago</span>
            <Button variant="secondary" size="sm">
              Change password
            </Button>
          </div>
        </section>

        <section className="panel" aria-labelledby="buttons-heading">
          <div className="panel__header">
            <h2 id="buttons-heading">Buttons</h2>
          </div>
          <div className="form-actions">
            <Button>Primary</Button>
            <Button variant="secondary">Secondary</Button>
            <Button variant="danger">Delete account</Button>
            <Button disabled>Disabled</Button>
            <a className={buttonClassName("secondary")} href="#buttons-heading">
              Link as button
            </a>
          </div>
          <form action={slowAction} className="form-actions">
            <SubmitButton>Submit (3 s server action)</SubmitButton>
          </form>
        </section>

        <section className="panel" aria-labelledby="alerts-heading">
          <div className="panel__header">
            <h2 id="alerts-heading">Alerts</h2>
          </div>
          <Alert kind="error" title="That link has expired">
            Reset links work for 15 minutes. <a href="#alerts-heading">Send a new link</a>.
          </Alert>
          <Alert kind="warning" title="Unusual sign-in">
            Someone signed in from a new device in Lisbon, Portugal.
          </Alert>
          <Alert kind="success">Your password was changed. You are signed in on this device only.</Alert>
          <Alert kind="info">If an account exists for that email, we sent a link to it.</Alert>
        </section>

        <section className="panel" aria-labelledby="data-heading">
          <div className="panel__header">
            <h2 id="data-heading">Details and tables</h2>
          </div>
          <dl className="details">
            <div>
              <dt>Email</dt>
              <dd>
                ada.lovelace@example.com <span className="badge">Verified</span>
              </dd>
            </div>
            <div>
              <dt>Member since</dt>
              <dd>12 March 2025</dd>
            </div>
          </dl>
          <nav aria-label="Record views" className="tabs">
            <a href="#data-heading" aria-current="page">
              Users
            </a>
            <a href="#data-heading">Sessions</a>
            <a href="#data-heading">Audit log</a>
          </nav>
          <form method="get" className="inline-form" role="search">
            <label htmlFor="pv-search">Search</label>
            <input id="pv-search" name="q" type="search" />
            <Button variant="secondary" type="submit">
              Filter
            </Button>
          </form>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Users">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>ada@example.com</td>
                  <td>
                    <span className="badge">Active</span>
                  </td>
                  <td className="muted">2 hours ago</td>
                </tr>
                <tr>
                  <td>grace@example.com</td>
                  <td>
                    <span className="badge">Blocked</span>
                  </td>
                  <td className="muted">Never</td>
                </tr>
              </tbody>
            </table>
          </div>
          <pre>{"Hello Ada,\n\nUse this link to choose a new password:\nhttps://id.example.com/reset/7f3c…\n"}</pre>
        </section>
      </div>
    </AppShell>
  );
}
