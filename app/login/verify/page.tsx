import type { Metadata } from "next";
import { OtpKey } from "@/app/components/otp-key";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Alert, Button, CodeField, Field } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { safeReturnPath } from "@/lib/auth";
import { config } from "@/lib/config";
import { ERROR_CODES, isAppError } from "@/lib/errors";
import type { SupportedFactorType } from "@/lib/factors";
import { localizeError } from "@/lib/i18n/localize";
import { currentRequestContext } from "@/lib/http/server-request";
import { isSentMethod, loadProofStep, pendingSignInCookieName, signInEnrollment, signInEnrollmentSentTo, type ProofOption, type ProofStep } from "@/lib/pending-sign-in";
import { WebauthnStep } from "@/app/reset/challenge/webauthn-step";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("confirmTitle") };
}
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

type Translate = Awaited<ReturnType<typeof getTranslations>>;

const TITLES = {
  "webauthn-roaming": "reset.titleSecurityKey",
  "webauthn-platform": "reset.titlePasskey",
  otp: "reset.titleOtp",
  phone: "reset.titlePhone",
  email: "verify.titleEmail",
  "recovery-code": "reset.titleRecovery",
} as const satisfies Record<SupportedFactorType, string>;

/** The message of an error code sent back by the forms; only codes of the table, never text from the URL. */
function errorMessage(t: Translate, code: string | undefined, step: ProofStep | null): string | null {
  if (!code || !Object.hasOwn(ERROR_CODES, code)) return null;
  if (code === "FACTOR_CODE_INVALID" && step) return t("verify.codeInvalidTries", { count: step.attemptsLeft });
  if (code === "FACTOR_CODE_ATTEMPTS") return t("verify.tooManyCodes");
  if (code === "INVALID_INPUT") return t("verify.codeShape");
  return t(`errors.${code as keyof typeof ERROR_CODES}`);
}

const SUBTITLES = {
  account_limit: "verify.reasonAccountLimit",
  second_factor: "verify.reasonSecondFactor",
  enroll_factor: "verify.reasonEnroll",
} as const satisfies Record<ProofStep["reason"], string>;

const ENROLL_TITLES = {
  otp: "verify.enrollOtp",
  email: "verify.enrollEmail",
  phone: "verify.enrollPhone",
  "webauthn-roaming": "verify.enrollSecurityKey",
  "webauthn-platform": "verify.enrollPasskey",
} as const satisfies Partial<Record<SupportedFactorType, string>>;

function enrollTitle(method: SupportedFactorType) {
  return Object.hasOwn(ENROLL_TITLES, method) ? ENROLL_TITLES[method as keyof typeof ENROLL_TITLES] : TITLES[method];
}

function hidden(method: SupportedFactorType, callbackUrl: string) {
  return (
    <>
      <input type="hidden" name="method" value={method} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
    </>
  );
}

async function SendForm({ method, callbackUrl, again }: { method: SupportedFactorType; callbackUrl: string; again: boolean }) {
  const t = await getTranslations("reset");
  return (
    <form method="post" action="/login/verify/send" className="stack">
      {hidden(method, callbackUrl)}
      <Button type="submit" variant={again ? "secondary" : "primary"} block={!again}>
        {again ? t("sendNewCode") : t("sendCode")}
      </Button>
    </form>
  );
}

async function CodeForm({ option, callbackUrl, error, hint }: { option: ProofOption; callbackUrl: string; error: string | null; hint: string }) {
  const t = await getTranslations();
  const recovery = option.method === "recovery-code";
  return (
    <form method="post" action="/login/verify/code" className="stack" noValidate>
      {hidden(option.method, callbackUrl)}
      <CodeField recovery={recovery} label={recovery ? t("reset.recoveryLabel") : t("verify.codeLabel")} hint={hint} error={error} />
      <Button type="submit" block>
        {t("common.continue")}
      </Button>
    </form>
  );
}

// At the account limit, the same words whether the password was right or not: the page must not tell a guesser.
function hintFor(t: Translate, option: ProofOption, reason: ProofStep["reason"]): string {
  if (reason === "second_factor" && isSentMethod(option.method)) return option.detail ? t("verify.sentTo", { to: option.detail }) : t("verify.sentToYou");
  switch (option.method) {
    case "email":
      return t("verify.ifRightEmail");
    case "phone":
      return option.detail ? t("verify.ifRightPhone", { to: option.detail }) : t("verify.ifRightYourPhone");
    case "otp":
      return t("reset.otpHint");
    case "recovery-code":
      return t("verify.recoveryHint");
    default:
      return "";
  }
}

async function Method({ option, step, callbackUrl, fieldError }: { option: ProofOption; step: ProofStep; callbackUrl: string; fieldError: string | null }) {
  const t = await getTranslations();
  if (option.open === false) return <Alert kind="error">{t("errors.FACTOR_CODE_ATTEMPTS")}</Alert>;
  if (option.method === "webauthn-roaming" || option.method === "webauthn-platform") {
    const endpoints = { start: "/login/verify/webauthn/start", verify: "/login/verify/webauthn/check", extra: { callbackUrl } };
    return <WebauthnStep factor={option.method} hasOtherMethods={step.options.length > 1} endpoints={endpoints} />;
  }
  if (isSentMethod(option.method) && step.codeSentBy !== option.method) {
    const to = option.method === "email" ? (step.reason === "second_factor" ? option.detail : undefined) : option.detail;
    const fallback = option.method === "email" ? t("verify.willSendAccountEmail") : t("verify.willSendYourPhone");
    return (
      <div className="stack">
        <p>{to ? t("verify.willSendTo", { to }) : fallback}</p>
        <SendForm method={option.method} callbackUrl={callbackUrl} again={false} />
      </div>
    );
  }
  return (
    <div className="stack">
      <CodeForm option={option} callbackUrl={callbackUrl} error={fieldError} hint={hintFor(t, option, step.reason)} />
      {isSentMethod(option.method) ? <SendForm method={option.method} callbackUrl={callbackUrl} again /> : null}
    </div>
  );
}

async function OtherMethods({ options, callbackUrl }: { options: ProofOption[]; callbackUrl: string }) {
  if (!options.length) return undefined;
  const t = await getTranslations();
  return (
    <details>
      <summary>{t("reset.otherMethod")}</summary>
      <ul className="choice-list">
        {options.map((o) => (
          <li key={o.method}>
            <a href={`/login/verify?${new URLSearchParams({ method: o.method, callbackUrl })}`}>
              <strong>{t(`factors.${o.method}`)}</strong>
              {o.detail ? <span className="muted text-sm">{o.detail}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The authenticator app being set up at sign-in (MFA policy "always"): its key as a QR code and as text, then its first code. */
async function OtpEnrollment({ callbackUrl, fieldError }: { callbackUrl: string; fieldError: string | null }) {
  const otp = await signInEnrollment((await cookies()).get(pendingSignInCookieName())?.value);
  const t = await getTranslations("verify");
  return (
    <div className="stack">
      <p>{t("otpScan")}</p>
      <OtpKey qrSvg={otp.qrSvg} secret={otp.secret} />
      <CodeForm option={{ method: "otp" }} callbackUrl={callbackUrl} error={fieldError} hint={t("otpEnrollHint")} />
    </div>
  );
}

async function PhoneNumberForm({ callbackUrl, error, again }: { callbackUrl: string; error: string | null; again: boolean }) {
  const t = await getTranslations();
  return (
    <form method="post" action="/login/verify/send" className="stack" noValidate>
      {hidden("phone", callbackUrl)}
      <Field label={t("verify.mobileLabel")} name="phone" type="tel" autoComplete="tel" maxLength={32} required hint={t("verify.phoneHint")} error={error ?? undefined} />
      <Button type="submit" variant={again ? "secondary" : "primary"} block={!again}>
        {again ? t("verify.sendToNumber") : t("reset.sendCode")}
      </Button>
    </form>
  );
}

/**
 * A factor being set up at sign-in (MFA policy "always"), with plain forms: the authenticator
 * app's key, or a code sent to the account's address or to the phone number typed, then typed
 * back. A security key or passkey is registered by the account page's ceremony (needs JavaScript),
 * named after its type in the page's language; it can be renamed on the account page.
 */
async function Enrollment({ option, callbackUrl, fieldError, errorCode }: { option: ProofOption; callbackUrl: string; fieldError: string | null; errorCode: string | undefined }) {
  if (option.method === "otp") return <OtpEnrollment callbackUrl={callbackUrl} fieldError={fieldError} />;
  if (option.method === "webauthn-roaming" || option.method === "webauthn-platform") {
    const name = (await getTranslations("factors"))(option.method);
    const endpoints = { start: "/login/verify/webauthn/enroll/start", verify: "/login/verify/webauthn/enroll/check", extra: { callbackUrl, name } };
    return <WebauthnStep factor={option.method} hasOtherMethods endpoints={endpoints} mode="set-up" />;
  }
  if (option.method !== "email" && option.method !== "phone") return null;
  const sentTo = await signInEnrollmentSentTo((await cookies()).get(pendingSignInCookieName())?.value, option.method);
  const t = await getTranslations("verify");
  if (option.method === "phone") {
    const phoneError = errorCode === "INVALID_INPUT" && !sentTo ? `${t("phoneInvalid")} ${t("phoneHint")}` : null;
    if (!sentTo) return <PhoneNumberForm callbackUrl={callbackUrl} error={phoneError} again={false} />;
    return (
      <div className="stack">
        <CodeForm option={option} callbackUrl={callbackUrl} error={fieldError} hint={t("textedTo", { to: sentTo })} />
        <details>
          <summary>{t("otherNumber")}</summary>
          <PhoneNumberForm callbackUrl={callbackUrl} error={null} again />
        </details>
      </div>
    );
  }
  if (!sentTo) {
    return (
      <div className="stack">
        <p>{option.detail ? t("enrollEmailSend", { to: option.detail }) : t("enrollEmailSendYours")}</p>
        <SendForm method="email" callbackUrl={callbackUrl} again={false} />
      </div>
    );
  }
  return (
    <div className="stack">
      <CodeForm option={option} callbackUrl={callbackUrl} error={fieldError} hint={t("emailedTo", { to: sentTo })} />
      <SendForm method="email" callbackUrl={callbackUrl} again />
    </div>
  );
}

/**
 * The proof a sign-in needs beyond the password (lib/pending-sign-in): once the account's sign-in
 * budget is spent (the same page follows a right and a wrong password; only a right password and
 * a right code sign in), the user's second factor (MFA policy), or setting one up ("always").
 * Plain forms posting to route handlers: it works without JavaScript, except a security key or
 * passkey (used or set up).
 */
export default async function VerifySignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const productName = config().PRODUCT_NAME;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const t = await getTranslations();
  let step: ProofStep | null = null;
  let problem: string | null = null;
  try {
    step = await loadProofStep((await cookies()).get(pendingSignInCookieName())?.value, await currentRequestContext("GET"));
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = errorMessage(t, errorCode, null) ?? localizeError(t, error);
  }
  if (!step) {
    return (
      <CardPage productName={productName} title={t("verify.signInAgain")}>
        <Alert kind="error">{problem}</Alert>
        <p>
          <a href={`/login?${new URLSearchParams({ callbackUrl })}`}>{t("verify.backToSignIn")}</a>
        </p>
      </CardPage>
    );
  }
  if (step.options.length === 0) {
    return (
      <CardPage productName={productName} title={t("verify.signInAgain")}>
        <Alert kind="error">{t("verify.noFactor")}</Alert>
        <p>
          <a href={`/login?${new URLSearchParams({ callbackUrl })}`}>{t("verify.backToSignIn")}</a>
        </p>
      </CardPage>
    );
  }
  const current = step.options.find((o) => o.method === params.method) ?? step.options[0]!;
  const message = errorMessage(t, errorCode, step);
  const fieldError = errorCode === "FACTOR_CODE_INVALID" || errorCode === "INVALID_INPUT" ? message : null;
  return (
    <CardPage
      productName={productName}
      title={t(step.reason === "enroll_factor" ? enrollTitle(current.method) : TITLES[current.method])}
      subtitle={t(SUBTITLES[step.reason])}
      footer={
        <>
          <OtherMethods options={step.options.filter((o) => o !== current)} callbackUrl={callbackUrl} />
          <p>
            <a href={`/login?${new URLSearchParams({ callbackUrl })}`}>{t("verify.startAgain")}</a>
          </p>
        </>
      }
    >
      <div className="stack">
        {message && !fieldError ? <Alert kind="error">{message}</Alert> : null}
        {params.sent === "1" && !message ? <Alert kind="success">{t("verify.codeSent")}</Alert> : null}
        {step.reason === "enroll_factor" ? (
          <Enrollment option={current} callbackUrl={callbackUrl} fieldError={fieldError} errorCode={errorCode} />
        ) : (
          <Method option={current} step={step} callbackUrl={callbackUrl} fieldError={fieldError} />
        )}
      </div>
    </CardPage>
  );
}
