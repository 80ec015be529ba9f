import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { localizeError } from "@/lib/i18n/localize";
import { currentRequestContext } from "@/lib/http/server-request";
import { loadBoundFlow, loadFactorStep, nextStepOf, resetCookieName, type FactorOption, type FactorStep, type WaitingSite } from "@/lib/reset";
import { ContinueAtSite, waitingSiteHere } from "../waiting-site";
import { FactorCodeForm, SendCodeForm } from "./code-forms";
import { WebauthnStep } from "./webauthn-step";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("confirmTitle") };
}
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ factor?: string | string[] }> };

type View =
  | { kind: "pick"; options: FactorOption[] }
  | { kind: "factor"; current: FactorOption; others: FactorOption[] }
  | { kind: "elsewhere"; site: WaitingSite | null }
  | { kind: "problem"; message: string };

/** Whether this render answers a form posted without JavaScript (a fetch action names itself). */
async function answersFormPost(): Promise<boolean> {
  const h = await headers();
  return (h.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data") && !h.has("next-action");
}

/** What this browser's flow needs now; only an allowed, usable method can be chosen by `?factor=`. */
async function currentView(requested: unknown): Promise<View> {
  const t = await getTranslations();
  const cookie = (await cookies()).get(resetCookieName())?.value;
  let step: FactorStep;
  try {
    const next = nextStepOf(await loadBoundFlow(cookie));
    if (next.page === "password") {
      // A recovery code posted without JavaScript: this render is the answer to that post, made
      // after the code moved the reset on. Show the form's own answer (how many codes are left,
      // then Continue) instead of moving on. Any other code's action redirects by itself.
      if (await answersFormPost()) return { kind: "factor", current: { type: "recovery-code", open: true }, others: [] };
      redirect(next.path);
    }
    if (next.page === "external-site") return { kind: "elsewhere", site: await waitingSiteHere() };
    if (next.page !== "challenge") return { kind: "problem", message: t("errors.RESET_FLOW_STATE") };
    step = await loadFactorStep(cookie, await currentRequestContext("GET"));
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { kind: "problem", message: localizeError(t, error) };
  }
  const { options } = step;
  if (options.length === 0) {
    return { kind: "problem", message: t("reset.noMethod") };
  }
  const chosen = options.find((o) => o.type === requested);
  if (!chosen && step.mode === "challengeWithAny" && options.length > 1) return { kind: "pick", options };
  const current = chosen ?? options[0]!;
  return { kind: "factor", current, others: options.filter((o) => o !== current) };
}

const TITLES = {
  "webauthn-roaming": "reset.titleSecurityKey",
  "webauthn-platform": "reset.titlePasskey",
  otp: "reset.titleOtp",
  email: "reset.titleEmail",
  phone: "reset.titlePhone",
  "recovery-code": "reset.titleRecovery",
} as const satisfies Record<FactorOption["type"], string>;

async function MethodLinks({ options }: { options: FactorOption[] }) {
  const t = await getTranslations("factors");
  const tr = await getTranslations();
  return (
    <ul className="choice-list">
      {options.map((o) => (
        <li key={o.type}>
          <a href={`/reset/challenge?factor=${o.type}`}>
            <strong>{t(o.type)}</strong>
            {o.detail ? <span className="muted text-sm">{o.type === "recovery-code" ? recoveryLeft(o, tr) : o.detail}</span> : null}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** "3 codes left" in the page's language (the option's detail is the strategy's English). */
function recoveryLeft(option: FactorOption, t: Awaited<ReturnType<typeof getTranslations>>): string {
  const count = Number(/^(\d+) /.exec(option.detail ?? "")?.[1]);
  return Number.isInteger(count) ? t("reset.recoveryLeft", { count }) : (option.detail ?? "");
}

async function Method({ option, others }: { option: FactorOption; others: FactorOption[] }) {
  const t = await getTranslations();
  if (!option.open) return <Alert kind="error">{t("errors.FACTOR_CODE_ATTEMPTS")}</Alert>;
  switch (option.type) {
    case "webauthn-roaming":
    case "webauthn-platform":
      return <WebauthnStep factor={option.type} hasOtherMethods={others.length > 0} />;
    case "otp":
      return <FactorCodeForm factor="otp" label={t("reset.otpLabel")} hint={t("reset.otpHint")} />;
    case "recovery-code":
      return <FactorCodeForm factor="recovery-code" label={t("reset.recoveryLabel")} hint={t("reset.recoveryHint", { left: recoveryLeft(option, t) })} />;
    case "email":
    case "phone": {
      const where = option.type === "email" ? t("reset.whereEmail", { to: option.detail ?? "" }) : t("reset.wherePhone", { to: option.detail ?? "" });
      if (!option.codeSent) {
        return (
          <div className="stack">
            <p>{t("reset.willSend", { where })}</p>
            <SendCodeForm factor={option.type} resend={false}>
              {t("reset.sendCode")}
            </SendCodeForm>
          </div>
        );
      }
      return (
        <div className="stack">
          <FactorCodeForm factor={option.type} label={option.type === "email" ? t("reset.codeLabel") : t("reset.phoneCodeLabel")} hint={t("reset.sentBy", { where })} />
          <SendCodeForm factor={option.type} resend>
            {t("reset.sendNewCode")}
          </SendCodeForm>
        </div>
      );
    }
  }
}

export default async function ResetChallengePage({ searchParams }: Props) {
  const productName = config().PRODUCT_NAME;
  const t = await getTranslations("reset");
  const view = await currentView((await searchParams).factor);
  if (view.kind === "elsewhere") {
    return (
      <CardPage productName={productName} title={t("oneMoreStep")}>
        <Alert kind="info">{view.site ? t("continuesOnSite", { host: view.site.host }) : t("elsewhere")}</Alert>
        {view.site ? <ContinueAtSite site={view.site} /> : null}
        <p>
          <a href="/reset">Start a new password reset</a>
        </p>
      </CardPage>
    );
  }
  if (view.kind === "problem") {
    return (
      <CardPage productName={productName} title={t("notResetTitle")}>
        <Alert kind="error">{view.message}</Alert>
        <p>
          <a href="/reset">{t("startNew")}</a>
        </p>
      </CardPage>
    );
  }
  if (view.kind === "pick") {
    return (
      <CardPage productName={productName} title={t("confirmTitle")} subtitle={t("confirmPick")}>
        <MethodLinks options={view.options} />
      </CardPage>
    );
  }
  return (
    <CardPage
      productName={productName}
      title={(await getTranslations())(TITLES[view.current.type])}
      subtitle={t("confirmSubtitle")}
      footer={
        view.others.length ? (
          <details>
            <summary>{t("otherMethod")}</summary>
            <MethodLinks options={view.others} />
          </details>
        ) : undefined
      }
    >
      <Method option={view.current} others={view.others} />
    </CardPage>
  );
}
