import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { localizeError } from "@/lib/i18n/localize";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import { loadBoundFlow, nextStepOf, resetCookieName } from "@/lib/reset";
import { findConnection, policyOf } from "@/lib/users";
import { NewPasswordForm } from "./new-password-form";
import { finishedInThisBrowser, ResetFinishedCard } from "../finished";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("newPasswordTitle") };
}
export const dynamic = "force-dynamic";

type Step =
  | { kind: "form"; policy: PasswordPolicySettings }
  | { kind: "earlier"; path: string }
  | { kind: "finished"; where: "here" | "elsewhere" }
  | { kind: "problem"; message: string };

async function currentStep(): Promise<Step> {
  const t = await getTranslations();
  try {
    const flow = await loadBoundFlow((await cookies()).get(resetCookieName())?.value);
    const next = nextStepOf(flow);
    if (next.page === "password") {
      const connection = await findConnection(flow.connectionId);
      if (connection) return { kind: "form", policy: policyOf(connection) };
      return { kind: "problem", message: t("errors.RESET_FLOW_STATE") };
    }
    if (next.page === "challenge" || next.page === "external-site") return { kind: "earlier", path: next.path };
    if (next.page === "result") return { kind: "finished", where: "elsewhere" };
    return { kind: "problem", message: t("errors.RESET_FLOW_STATE") };
  } catch (error) {
    if (!isAppError(error)) throw error;
    // Back after "Password changed": the flow's cookie is gone, the reset is not "not done".
    if (error.code === "RESET_NOT_FOUND" && (await finishedInThisBrowser())) return { kind: "finished", where: "here" };
    // The flow completed, in whichever browser held it after the link: say where.
    if (error.code === "RESET_LINK_USED") return { kind: "finished", where: (await finishedInThisBrowser()) ? "here" : "elsewhere" };
    return { kind: "problem", message: localizeError(t, error) };
  }
}

export default async function NewPasswordPage() {
  const productName = config().PRODUCT_NAME;
  const step = await currentStep();
  const t = await getTranslations("reset");
  if (step.kind === "earlier") {
    return (
      <CardPage productName={productName} title={t("oneMoreStep")}>
        <Alert kind="info">{t("previousFirst")}</Alert>
        <p>
          <a href={step.path}>{(await getTranslations("common"))("continue")}</a>
        </p>
      </CardPage>
    );
  }
  if (step.kind === "finished") return <ResetFinishedCard where={step.where} />;
  if (step.kind === "problem") {
    return (
      <CardPage productName={productName} title={t("notResetTitle")}>
        <Alert kind="error">{step.message}</Alert>
        <p>
          <a href="/reset">{t("startNew")}</a>
        </p>
      </CardPage>
    );
  }
  return (
    <CardPage productName={productName} title={t("newPasswordTitle")} subtitle={t("newPasswordSubtitle")}>
      <NewPasswordForm policy={step.policy} />
    </CardPage>
  );
}
