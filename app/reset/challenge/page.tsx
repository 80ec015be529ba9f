import type { Metadata } from "next";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { ERROR_CODES, isAppError } from "@/lib/errors";
import { FACTOR_LABELS } from "@/lib/factors";
import { currentRequestContext } from "@/lib/http/server-request";
import { loadBoundFlow, loadFactorStep, nextStepOf, resetCookieName, type FactorOption, type FactorStep, type WaitingSite } from "@/lib/reset";
import { ContinueAtSite, waitingSiteHere } from "../waiting-site";
import { FactorCodeForm, SendCodeForm } from "./code-forms";
import { WebauthnStep } from "./webauthn-step";

export const metadata: Metadata = { title: "Confirm it is you" };
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
    if (next.page !== "challenge") return { kind: "problem", message: ERROR_CODES.RESET_FLOW_STATE.message };
    step = await loadFactorStep(cookie, await currentRequestContext("GET"));
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { kind: "problem", message: error.message };
  }
  const { options } = step;
  if (options.length === 0) {
    return { kind: "problem", message: "This reset asks for a second factor, but none of the methods it accepts is set up on your account. Contact your administrator." };
  }
  const chosen = options.find((o) => o.type === requested);
  if (!chosen && step.mode === "challengeWithAny" && options.length > 1) return { kind: "pick", options };
  const current = chosen ?? options[0]!;
  return { kind: "factor", current, others: options.filter((o) => o !== current) };
}

const TITLES: Record<FactorOption["type"], string> = {
  "webauthn-roaming": "Use your security key",
  "webauthn-platform": "Use your passkey",
  otp: "Enter a code from your authenticator app",
  email: "Enter the code we email you",
  phone: "Enter the code we text you",
  "recovery-code": "Enter a recovery code",
};

function MethodLinks({ options }: { options: FactorOption[] }) {
  return (
    <ul className="choice-list">
      {options.map((o) => (
        <li key={o.type}>
          <Link href={`/reset/challenge?factor=${o.type}`}>
            <strong>{FACTOR_LABELS[o.type]}</strong>
            {o.detail ? <span className="muted text-sm">{o.detail}</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Method({ option, others }: { option: FactorOption; others: FactorOption[] }) {
  if (!option.open) return <Alert kind="error">{ERROR_CODES.FACTOR_CODE_ATTEMPTS.message}</Alert>;
  switch (option.type) {
    case "webauthn-roaming":
    case "webauthn-platform":
      return <WebauthnStep factor={option.type} hasOtherMethods={others.length > 0} />;
    case "otp":
      return <FactorCodeForm factor="otp" label="Code from the app" hint="Open your authenticator app and type the 6-digit code it shows now." />;
    case "recovery-code":
      return <FactorCodeForm factor="recovery-code" label="Recovery code" hint={`One of the codes you saved, like ABCDE-FGHJK. You have ${option.detail}.`} />;
    case "email":
    case "phone": {
      const where = option.type === "email" ? `email to ${option.detail}` : `text message to ${option.detail}`;
      if (!option.codeSent) {
        return (
          <div className="stack">
            <p>We will send a 6-digit code by {where}.</p>
            <SendCodeForm factor={option.type} resend={false}>
              Send code
            </SendCodeForm>
          </div>
        );
      }
      return (
        <div className="stack">
          <FactorCodeForm factor={option.type} label={option.type === "email" ? "Code from the email" : "Code from the text message"} hint={`We sent it by ${where}.`} />
          <SendCodeForm factor={option.type} resend>
            Send a new code
          </SendCodeForm>
        </div>
      );
    }
  }
}

export default async function ResetChallengePage({ searchParams }: Props) {
  const productName = config().PRODUCT_NAME;
  const view = await currentView((await searchParams).factor);
  if (view.kind === "elsewhere") {
    return (
      <CardPage productName={productName} title="One more step">
        <Alert kind="info">
          {view.site
            ? `This reset continues on ${view.site.host}. Finish the step there; it brings you back here. If you closed that page or it did not bring you back, continue there again.`
            : "This reset continues on another site. Finish the step there; it brings you back here."}
        </Alert>
        {view.site ? <ContinueAtSite site={view.site} /> : null}
        <p>
          <Link href="/reset">Start a new password reset</Link>
        </p>
      </CardPage>
    );
  }
  if (view.kind === "problem") {
    return (
      <CardPage productName={productName} title="Your password was not reset">
        <Alert kind="error">{view.message}</Alert>
        <p>
          <Link href="/reset">Start a new password reset</Link>
        </p>
      </CardPage>
    );
  }
  if (view.kind === "pick") {
    return (
      <CardPage productName={productName} title="Confirm it is you" subtitle="Before you choose a new password, confirm it is you with one of these methods.">
        <MethodLinks options={view.options} />
      </CardPage>
    );
  }
  return (
    <CardPage
      productName={productName}
      title={TITLES[view.current.type]}
      subtitle="Before you choose a new password, confirm it is you."
      footer={
        view.others.length ? (
          <details>
            <summary>Use another method</summary>
            <MethodLinks options={view.others} />
          </details>
        ) : undefined
      }
    >
      <Method option={view.current} others={view.others} />
    </CardPage>
  );
}
