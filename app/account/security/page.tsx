import type { Metadata } from "next";
import { OtpKey } from "@/app/components/otp-key";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components";
import { AppShell } from "@/app/components/app-shell";
import { requireUser } from "@/lib/auth";
import { config } from "@/lib/config";
import { requestLocale } from "@/lib/i18n/request-locale";
import {
  listAccountFactors,
  pendingEmailVerification,
  pendingOtpEnrollment,
  pendingPhoneEnrollment,
  reauthCookieName,
  reauthValidUntil,
  type AccountFactor,
} from "@/lib/factors";
import { accountNav } from "../nav";
import { SignOutButton } from "../sign-out-button";
import { confirmEmailAction, confirmOtpAction, confirmPhoneAction, enableEmailAction, startOtpAction } from "./form-actions";
import { CopyButton } from "@/app/components/copy-button";
import { ActionButton, CodeConfirmForm, PhoneForm, ReauthForm, RecoveryCodesForm, RemoveFactorButton, RenameFactorForm } from "./forms";
import { SecurityKeyForm } from "./security-key-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("navMethods") };
}
export const dynamic = "force-dynamic";

type Translate = Awaited<ReturnType<typeof getTranslations>>;

/** A moment in the page's language, in UTC; English keeps the form it always had. */
function formatDate(date: Date | null, t: Translate, locale: string): string {
  if (!date) return t("methods.never");
  if (locale === "en") return date.toUTCString().replace(/:\d\d GMT$/, " UTC");
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;
}

/** "3 of 10 left" in the page's language (a recovery code's detail is the strategy's English); other details are data. */
function detailOf(factor: AccountFactor, t: Translate): string | undefined {
  const counts = factor.type === "recovery-code" ? /^(\d+) of (\d+) left$/.exec(factor.detail ?? "") : null;
  return counts ? t("methods.recoveryOfLeft", { left: counts[1]!, total: counts[2]! }) : factor.detail;
}

async function FactorTable({ factors, caption, canChange }: { factors: AccountFactor[]; caption: string; canChange: boolean }) {
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("methods.colName")}</th>
            <th scope="col">{t("methods.colKind")}</th>
            <th scope="col">{t("methods.colAdded")}</th>
            <th scope="col">{t("methods.colLastUsed")}</th>
            {canChange ? (
              <th scope="col">
                <span className="visually-hidden">{t("methods.colActions")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {factors.map((f) => (
            <tr key={f.id}>
              <td>
                {f.name}
                {f.detail ? <span className="muted"> · {detailOf(f, t)}</span> : null}
              </td>
              <td>{t(`factors.${f.type}`)}</td>
              <td>{formatDate(f.createdAt, t, locale)}</td>
              <td>{formatDate(f.lastUsedAt, t, locale)}</td>
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
  const t = await getTranslations();
  const nav = accountNav(t, "methods", user.role === "admin");
  return (
    <AppShell productName={config().PRODUCT_NAME} nav={nav} user={{ email: user.email }} signOutSlot={<SignOutButton />}>
      <div className="page-header">
        <div>
          <h1>{t("account.navMethods")}</h1>
          <p>{t("methods.intro")}</p>
        </div>
      </div>

      <section aria-labelledby="confirm-heading" className="panel">
        <h2 id="confirm-heading">{t("reset.confirmTitle")}</h2>
        {canChange ? (
          <Alert kind="success">{t("methods.confirmed")}</Alert>
        ) : (
          <>
            <p>{t("methods.reauthIntro")}</p>
            <ReauthForm />
          </>
        )}
      </section>

      <section aria-labelledby="keys-heading" className="panel">
        <h2 id="keys-heading">{t("methods.keysHeading")}</h2>
        <p>{t("methods.keysIntro")}</p>
        {keys.length ? <FactorTable factors={keys} caption={t("methods.keysCaption")} canChange={canChange} /> : <p className="muted">{t("methods.noneYet")}</p>}
        {canChange ? <SecurityKeyForm defaultName={t("methods.defaultKeyName", { n: String(keys.length + 1) })} /> : null}
      </section>

      <section aria-labelledby="otp-heading" className="panel">
        <h2 id="otp-heading">{t("factors.otp")}</h2>
        <p>{t("methods.otpIntro")}</p>
        {of("otp").length ? (
          <FactorTable factors={of("otp")} caption={t("methods.otpCaption")} canChange={canChange} />
        ) : otp && canChange ? (
          <div className="stack">
            <p>{t("methods.otpScan")}</p>
            <OtpKey qrSvg={otp.qrSvg} secret={otp.secret}>
              {" "}
              <CopyButton value={otp.secret} label={t("methods.copyKey")} />
            </OtpKey>
            <CodeConfirmForm action={confirmOtpAction} label={t("reset.otpLabel")} submitLabel={t("methods.addOtp")} />
            <RemoveFactorButton factorId={otp.factorId} name={t("methods.otpSetupName")} label={t("methods.cancel")} />
          </div>
        ) : canChange ? (
          <ActionButton action={startOtpAction} pendingLabel={t("methods.preparing")}>
            {t("methods.setupOtp")}
          </ActionButton>
        ) : (
          <p className="muted">{t("methods.notSetUp")}</p>
        )}
      </section>

      <section aria-labelledby="email-heading" className="panel">
        <h2 id="email-heading">{t("methods.emailHeading")}</h2>
        <p>
          {user.email ? t("methods.emailSentTo", { to: user.email }) : t("methods.emailSentToYours")}{" "}
          {user.emailVerified ? t("methods.emailOn") : t("methods.emailVerifyFirst")}
        </p>
        {/* A verified address is usable whatever rows exist (lib/factors/list.ts), so it offers no removal. */}
        {of("email").length ? (
          <FactorTable factors={of("email")} caption={t("methods.emailCaption")} canChange={canChange && !user.emailVerified} />
        ) : user.emailVerified ? null : email && canChange ? (
          <CodeConfirmForm action={confirmEmailAction} label={t("reset.codeLabel")} submitLabel={t("methods.verifyTurnOn")} hint={t("methods.sentItTo", { to: email.sentTo })} />
        ) : canChange ? (
          <ActionButton action={enableEmailAction} pendingLabel={t("common.working")}>
            {t("methods.verifyEmail")}
          </ActionButton>
        ) : (
          <p className="muted">{t("methods.off")}</p>
        )}
      </section>

      <section aria-labelledby="phone-heading" className="panel">
        <h2 id="phone-heading">{t("factors.phone")}</h2>
        <p>{t("methods.phoneIntro")}</p>
        {of("phone").length ? (
          <FactorTable factors={of("phone")} caption={t("methods.phoneCaption")} canChange={canChange} />
        ) : phone && canChange ? (
          <div className="stack">
            <CodeConfirmForm action={confirmPhoneAction} label={t("reset.phoneCodeLabel")} submitLabel={t("methods.addPhone")} hint={t("methods.sentItTo", { to: phone.sentTo })} />
            <RemoveFactorButton factorId={phone.factorId} name={t("methods.phoneSetupName")} label={t("verify.otherNumber")} />
          </div>
        ) : canChange ? (
          <PhoneForm />
        ) : (
          <p className="muted">{t("methods.notSetUp")}</p>
        )}
      </section>

      <section aria-labelledby="recovery-heading" className="panel">
        <h2 id="recovery-heading">{t("methods.recoveryHeading")}</h2>
        <p>{t("methods.recoveryIntro")}</p>
        {of("recovery-code").length ? <FactorTable factors={of("recovery-code")} caption={t("methods.recoveryCaption")} canChange={canChange} /> : null}
        {canChange ? <RecoveryCodesForm regenerate={of("recovery-code").length > 0} productName={config().PRODUCT_NAME} /> : of("recovery-code").length ? null : <p className="muted">{t("methods.notMade")}</p>}
      </section>
    </AppShell>
  );
}
