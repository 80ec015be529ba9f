import type { Metadata } from "next";
import { OtpKey } from "@/app/components/otp-key";
import Link from "next/link";
import { cookies } from "next/headers";
import { Alert, Button, CardPage, CodeField, Field } from "@/app/components";
import { safeReturnPath } from "@/lib/auth";
import { config } from "@/lib/config";
import { ERROR_CODES, isAppError } from "@/lib/errors";
import { FACTOR_LABELS, type SupportedFactorType } from "@/lib/factors";
import { currentRequestContext } from "@/lib/http/server-request";
import { isSentMethod, loadProofStep, pendingSignInCookieName, signInEnrollment, signInEnrollmentSentTo, type ProofOption, type ProofStep } from "@/lib/pending-sign-in";
import { WebauthnStep } from "@/app/reset/challenge/webauthn-step";

export const metadata: Metadata = { title: "Confirm it is you" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const TITLES: Record<SupportedFactorType, string> = {
  "webauthn-roaming": "Use your security key",
  "webauthn-platform": "Use your passkey",
  otp: "Enter a code from your authenticator app",
  phone: "Enter the code we text you",
  email: "Enter the code we emailed you",
  "recovery-code": "Enter a recovery code",
};

/** The message of an error code sent back by the forms; only codes of the table, never text from the URL. */
function errorMessage(code: string | undefined, step: ProofStep | null): string | null {
  if (!code || !Object.hasOwn(ERROR_CODES, code)) return null;
  if (code === "FACTOR_CODE_INVALID" && step) return `That code is not right. ${step.attemptsLeft} ${step.attemptsLeft === 1 ? "try" : "tries"} left.`;
  if (code === "FACTOR_CODE_ATTEMPTS") return "Too many wrong codes. Sign in again.";
  if (code === "INVALID_INPUT") return "Type the code as it is shown: 6 digits, or a recovery code of 10 letters and digits.";
  return ERROR_CODES[code as keyof typeof ERROR_CODES].message;
}

const SUBTITLES: Record<ProofStep["reason"], string> = {
  account_limit: "There have been many attempts to sign in to this account, so signing in needs one more proof that it is you.",
  second_factor: "Your account has a second factor. Confirm it is you to finish signing in.",
  enroll_factor: "This service asks every account for a second factor. Set one up to finish signing in.",
};

const ENROLL_TITLES: Partial<Record<SupportedFactorType, string>> = {
  otp: "Set up an authenticator app",
  email: "Set up codes by email",
  phone: "Set up a phone for codes",
};

const PHONE_HINT = "With the country code, like +44 20 7946 0958.";

function hidden(method: SupportedFactorType, callbackUrl: string) {
  return (
    <>
      <input type="hidden" name="method" value={method} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
    </>
  );
}

function SendForm({ method, callbackUrl, again }: { method: SupportedFactorType; callbackUrl: string; again: boolean }) {
  return (
    <form method="post" action="/login/verify/send" className="stack">
      {hidden(method, callbackUrl)}
      <Button type="submit" variant={again ? "secondary" : "primary"} block={!again}>
        {again ? "Send a new code" : "Send code"}
      </Button>
    </form>
  );
}

function CodeForm({ option, callbackUrl, error, hint }: { option: ProofOption; callbackUrl: string; error: string | null; hint: string }) {
  const recovery = option.method === "recovery-code";
  return (
    <form method="post" action="/login/verify/code" className="stack" noValidate>
      {hidden(option.method, callbackUrl)}
      <CodeField recovery={recovery} label={recovery ? "Recovery code" : "Code"} hint={hint} error={error} />
      <Button type="submit" block>
        Continue
      </Button>
    </form>
  );
}

// At the account limit, the same words whether the password was right or not: the page must not tell a guesser.
function hintFor(option: ProofOption, reason: ProofStep["reason"]): string {
  if (reason === "second_factor" && isSentMethod(option.method)) return `We sent a 6-digit code to ${option.detail ?? "you"}. It works for 10 minutes.`;
  switch (option.method) {
    case "email":
      return "If the password you typed is right, we emailed a 6-digit code to the account's email address. It works for 10 minutes.";
    case "phone":
      return `If the password you typed is right, we texted a 6-digit code to ${option.detail ?? "your phone"}.`;
    case "otp":
      return "Open your authenticator app and type the 6-digit code it shows now.";
    case "recovery-code":
      return "One of the recovery codes you saved, like ABCDE-FGHJK. Each works once.";
    default:
      return "";
  }
}

function Method({ option, step, callbackUrl, fieldError }: { option: ProofOption; step: ProofStep; callbackUrl: string; fieldError: string | null }) {
  if (option.open === false) return <Alert kind="error">{ERROR_CODES.FACTOR_CODE_ATTEMPTS.message}</Alert>;
  if (option.method === "webauthn-roaming" || option.method === "webauthn-platform") {
    const endpoints = { start: "/login/verify/webauthn/start", verify: "/login/verify/webauthn/check", extra: { callbackUrl } };
    return <WebauthnStep factor={option.method} hasOtherMethods={step.options.length > 1} endpoints={endpoints} />;
  }
  if (isSentMethod(option.method) && step.codeSentBy !== option.method) {
    const where = option.method === "email" ? (step.reason === "second_factor" && option.detail ? option.detail : "the account's email address") : (option.detail ?? "your phone");
    return (
      <div className="stack">
        <p>We will send a 6-digit code to {where}.</p>
        <SendForm method={option.method} callbackUrl={callbackUrl} again={false} />
      </div>
    );
  }
  return (
    <div className="stack">
      <CodeForm option={option} callbackUrl={callbackUrl} error={fieldError} hint={hintFor(option, step.reason)} />
      {isSentMethod(option.method) ? <SendForm method={option.method} callbackUrl={callbackUrl} again /> : null}
    </div>
  );
}

function OtherMethods({ options, callbackUrl }: { options: ProofOption[]; callbackUrl: string }) {
  if (!options.length) return undefined;
  return (
    <details>
      <summary>Use another method</summary>
      <ul className="choice-list">
        {options.map((o) => (
          <li key={o.method}>
            <Link href={`/login/verify?${new URLSearchParams({ method: o.method, callbackUrl })}`}>
              <strong>{FACTOR_LABELS[o.method]}</strong>
              {o.detail ? <span className="muted text-sm">{o.detail}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The authenticator app being set up at sign-in (MFA policy "always"): its key as a QR code and as text, then its first code. */
async function OtpEnrollment({ callbackUrl, fieldError }: { callbackUrl: string; fieldError: string | null }) {
  const otp = await signInEnrollment((await cookies()).get(pendingSignInCookieName())?.value);
  return (
    <div className="stack">
      <p>Scan this QR code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password), or type the key into it. Then type the 6-digit code the app shows.</p>
      <OtpKey qrSvg={otp.qrSvg} secret={otp.secret} />
      <CodeForm option={{ method: "otp" }} callbackUrl={callbackUrl} error={fieldError} hint="The 6-digit code your authenticator app shows now." />
    </div>
  );
}

function PhoneNumberForm({ callbackUrl, error, again }: { callbackUrl: string; error: string | null; again: boolean }) {
  return (
    <form method="post" action="/login/verify/send" className="stack" noValidate>
      {hidden("phone", callbackUrl)}
      <Field label="Mobile number" name="phone" type="tel" autoComplete="tel" maxLength={32} required hint={PHONE_HINT} error={error ?? undefined} />
      <Button type="submit" variant={again ? "secondary" : "primary"} block={!again}>
        {again ? "Send a code to this number instead" : "Send code"}
      </Button>
    </form>
  );
}

/**
 * A factor being set up at sign-in (MFA policy "always"), each with plain forms: the authenticator
 * app's key, or a code sent to the account's address or to the phone number typed, then typed back.
 */
async function Enrollment({ option, callbackUrl, fieldError, errorCode }: { option: ProofOption; callbackUrl: string; fieldError: string | null; errorCode: string | undefined }) {
  if (option.method === "otp") return <OtpEnrollment callbackUrl={callbackUrl} fieldError={fieldError} />;
  if (option.method !== "email" && option.method !== "phone") return null;
  const sentTo = await signInEnrollmentSentTo((await cookies()).get(pendingSignInCookieName())?.value, option.method);
  if (option.method === "phone") {
    const phoneError = errorCode === "INVALID_INPUT" && !sentTo ? `Enter the number with its country code. ${PHONE_HINT}` : null;
    if (!sentTo) return <PhoneNumberForm callbackUrl={callbackUrl} error={phoneError} again={false} />;
    return (
      <div className="stack">
        <CodeForm option={option} callbackUrl={callbackUrl} error={fieldError} hint={`We texted a 6-digit code to ${sentTo}. It works for 10 minutes.`} />
        <details>
          <summary>Use another number</summary>
          <PhoneNumberForm callbackUrl={callbackUrl} error={null} again />
        </details>
      </div>
    );
  }
  if (!sentTo) {
    return (
      <div className="stack">
        <p>We will send a 6-digit code to {option.detail ?? "your email address"}. Typing it here turns on codes by email.</p>
        <SendForm method="email" callbackUrl={callbackUrl} again={false} />
      </div>
    );
  }
  return (
    <div className="stack">
      <CodeForm option={option} callbackUrl={callbackUrl} error={fieldError} hint={`We emailed a 6-digit code to ${sentTo}. It works for 15 minutes.`} />
      <SendForm method="email" callbackUrl={callbackUrl} again />
    </div>
  );
}

/**
 * The proof a sign-in needs beyond the password (lib/pending-sign-in): once the account's sign-in
 * budget is spent (the same page follows a right and a wrong password; only a right password and
 * a right code sign in), the user's second factor (MFA policy), or setting one up ("always").
 * Plain forms posting to route handlers: it works without JavaScript, except a security key.
 */
export default async function VerifySignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const productName = config().PRODUCT_NAME;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  let step: ProofStep | null = null;
  let problem: string | null = null;
  try {
    step = await loadProofStep((await cookies()).get(pendingSignInCookieName())?.value, await currentRequestContext("GET"));
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = errorMessage(errorCode, null) ?? error.message;
  }
  if (!step) {
    return (
      <CardPage productName={productName} title="Sign in again">
        <Alert kind="error">{problem}</Alert>
        <p>
          <Link href={`/login?${new URLSearchParams({ callbackUrl })}`}>Back to sign-in</Link>
        </p>
      </CardPage>
    );
  }
  if (step.options.length === 0) {
    return (
      <CardPage productName={productName} title="Sign in again">
        <Alert kind="error">None of your second factors can be used now. Use a recovery code, or contact your administrator.</Alert>
        <p>
          <Link href={`/login?${new URLSearchParams({ callbackUrl })}`}>Back to sign-in</Link>
        </p>
      </CardPage>
    );
  }
  const current = step.options.find((o) => o.method === params.method) ?? step.options[0]!;
  const message = errorMessage(errorCode, step);
  const fieldError = errorCode === "FACTOR_CODE_INVALID" || errorCode === "INVALID_INPUT" ? message : null;
  return (
    <CardPage
      productName={productName}
      title={step.reason === "enroll_factor" ? (ENROLL_TITLES[current.method] ?? TITLES[current.method]) : TITLES[current.method]}
      subtitle={SUBTITLES[step.reason]}
      footer={
        <>
          <OtherMethods options={step.options.filter((o) => o !== current)} callbackUrl={callbackUrl} />
          <p>
            <Link href={`/login?${new URLSearchParams({ callbackUrl })}`}>Start again</Link>
          </p>
        </>
      }
    >
      <div className="stack">
        {message && !fieldError ? <Alert kind="error">{message}</Alert> : null}
        {params.sent === "1" && !message ? <Alert kind="success">We sent a code.</Alert> : null}
        {step.reason === "enroll_factor" ? (
          <Enrollment option={current} callbackUrl={callbackUrl} fieldError={fieldError} errorCode={errorCode} />
        ) : (
          <Method option={current} step={step} callbackUrl={callbackUrl} fieldError={fieldError} />
        )}
      </div>
    </CardPage>
  );
}
