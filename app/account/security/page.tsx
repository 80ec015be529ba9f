import type { Metadata } from "next";
import { OtpKey } from "@/app/components/otp-key";
import { cookies } from "next/headers";
import { Alert, AppShell } from "@/app/components";
import { requireUser } from "@/lib/auth";
import { config } from "@/lib/config";
import {
  FACTOR_LABELS,
  listAccountFactors,
  pendingEmailVerification,
  pendingOtpEnrollment,
  pendingPhoneEnrollment,
  reauthCookieName,
  reauthValidUntil,
  type AccountFactor,
} from "@/lib/factors";
import { SignOutButton } from "../sign-out-button";
import { confirmEmailAction, confirmOtpAction, confirmPhoneAction, enableEmailAction, startOtpAction } from "./form-actions";
import { CopyButton } from "@/app/components/copy-button";
import { ActionButton, CodeConfirmForm, PhoneForm, ReauthForm, RecoveryCodesForm, RemoveFactorButton, RenameFactorForm } from "./forms";
import { SecurityKeyForm } from "./security-key-form";

export const metadata: Metadata = { title: "Sign-in methods" };
export const dynamic = "force-dynamic";

function formatDate(date: Date | null): string {
  return date ? date.toUTCString().replace(/:\d\d GMT$/, " UTC") : "Never";
}

function FactorTable({ factors, caption, canChange }: { factors: AccountFactor[]; caption: string; canChange: boolean }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Added</th>
            <th scope="col">Last used</th>
            {canChange ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {factors.map((f) => (
            <tr key={f.id}>
              <td>
                {f.name}
                {f.detail ? <span className="muted"> · {f.detail}</span> : null}
              </td>
              <td>{FACTOR_LABELS[f.type]}</td>
              <td>{formatDate(f.createdAt)}</td>
              <td>{formatDate(f.lastUsedAt)}</td>
              {canChange ? (
                <td>
                  <div className="inline-form">
                    {f.type === "webauthn-roaming" || f.type === "webauthn-platform" ? <RenameFactorForm factorId={f.id} name={f.name} /> : null}
                    <RemoveFactorButton factorId={f.id} name={f.name} />
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function SecurityPage() {
  const user = await requireUser("/account/security");
  const [factors, until, otp, email, phone] = await Promise.all([
    listAccountFactors(user.id),
    reauthValidUntil(user.id, (await cookies()).get(reauthCookieName())?.value),
    pendingOtpEnrollment(user.id),
    pendingEmailVerification(user.id),
    pendingPhoneEnrollment(user.id),
  ]);
  const canChange = until !== null;
  const of = (...types: AccountFactor["type"][]) => factors.filter((f) => types.includes(f.type));
  const keys = of("webauthn-roaming", "webauthn-platform");
  const nav = [
    { href: "/account", label: "Account" },
    { href: "/account/security", label: "Sign-in methods", current: true },
    ...(user.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <AppShell productName={config().PRODUCT_NAME} nav={nav} user={{ email: user.email }} signOutSlot={<SignOutButton />}>
      <div className="page-header">
        <div>
          <h1>Sign-in methods</h1>
          <p>Second factors protect your account: a password reset can ask for one of them before the new password.</p>
        </div>
      </div>

      <section aria-labelledby="confirm-heading" className="panel">
        <h2 id="confirm-heading">Confirm it is you</h2>
        {canChange ? (
          <Alert kind="success">Password confirmed. You can add and remove methods for the next few minutes.</Alert>
        ) : (
          <>
            <p>Type your password to add or remove methods. It counts for 5 minutes.</p>
            <ReauthForm />
          </>
        )}
      </section>

      <section aria-labelledby="keys-heading" className="panel">
        <h2 id="keys-heading">Security keys and passkeys</h2>
        <p>A key you plug in or tap (like a YubiKey), or a passkey kept by this device. You can add several.</p>
        {keys.length ? <FactorTable factors={keys} caption="Your security keys and passkeys" canChange={canChange} /> : <p className="muted">None yet.</p>}
        {canChange ? <SecurityKeyForm defaultName={`Security key ${keys.length + 1}`} /> : null}
      </section>

      <section aria-labelledby="otp-heading" className="panel">
        <h2 id="otp-heading">Authenticator app</h2>
        <p>Codes from an app such as Google Authenticator, Microsoft Authenticator or 1Password.</p>
        {of("otp").length ? (
          <FactorTable factors={of("otp")} caption="Your authenticator app" canChange={canChange} />
        ) : otp && canChange ? (
          <div className="stack">
            <p>Scan this QR code with the app, or type the key into it. Then type the 6-digit code the app shows.</p>
            <OtpKey qrSvg={otp.qrSvg} secret={otp.secret}>
              {" "}
              <CopyButton value={otp.secret} label="key" />
            </OtpKey>
            <CodeConfirmForm action={confirmOtpAction} label="Code from the app" submitLabel="Add authenticator app" />
            <RemoveFactorButton factorId={otp.factorId} name="authenticator app set-up" label="Cancel" />
          </div>
        ) : canChange ? (
          <ActionButton action={startOtpAction} pendingLabel="Preparing…">
            Set up authenticator app
          </ActionButton>
        ) : (
          <p className="muted">Not set up.</p>
        )}
      </section>

      <section aria-labelledby="email-heading" className="panel">
        <h2 id="email-heading">Email codes</h2>
        <p>
          A code sent to {user.email ?? "your email address"}.{" "}
          {user.emailVerified ? "Your address is verified, so email codes are on." : "It must be verified first."}
        </p>
        {/* A verified address is usable whatever rows exist (lib/factors/list.ts), so it offers no removal. */}
        {of("email").length ? (
          <FactorTable factors={of("email")} caption="Your email for codes" canChange={canChange && !user.emailVerified} />
        ) : user.emailVerified ? null : email && canChange ? (
          <CodeConfirmForm action={confirmEmailAction} label="Code from the email" submitLabel="Verify and turn on" hint={`We sent it to ${email.sentTo}.`} />
        ) : canChange ? (
          <ActionButton action={enableEmailAction} pendingLabel="Working…">
            Verify my email and turn on email codes
          </ActionButton>
        ) : (
          <p className="muted">Off.</p>
        )}
      </section>

      <section aria-labelledby="phone-heading" className="panel">
        <h2 id="phone-heading">Text message (SMS)</h2>
        <p>A code sent to your mobile phone.</p>
        {of("phone").length ? (
          <FactorTable factors={of("phone")} caption="Your phone" canChange={canChange} />
        ) : phone && canChange ? (
          <div className="stack">
            <CodeConfirmForm action={confirmPhoneAction} label="Code from the text message" submitLabel="Add phone" hint={`We sent it to ${phone.sentTo}.`} />
            <RemoveFactorButton factorId={phone.factorId} name="phone set-up" label="Use another number" />
          </div>
        ) : canChange ? (
          <PhoneForm />
        ) : (
          <p className="muted">Not set up.</p>
        )}
      </section>

      <section aria-labelledby="recovery-heading" className="panel">
        <h2 id="recovery-heading">Recovery codes</h2>
        <p>Ten single-use codes for when you cannot use your other methods.</p>
        {of("recovery-code").length ? <FactorTable factors={of("recovery-code")} caption="Your recovery codes" canChange={canChange} /> : null}
        {canChange ? <RecoveryCodesForm regenerate={of("recovery-code").length > 0} productName={config().PRODUCT_NAME} /> : of("recovery-code").length ? null : <p className="muted">Not made yet.</p>}
      </section>
    </AppShell>
  );
}
