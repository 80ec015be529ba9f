import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { currentUser, LOGIN_IDENTIFIER_COOKIE, safeReturnPath, signInErrorCodeOf } from "@/lib/auth";
import { ERROR_CODES, type ErrorCode } from "@/lib/errors";
import { fromCookieText } from "@/lib/http";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("common"))("signIn") };
}
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `?error=` names a refused sign-in: ours (/login/submit) puts our code there, next-auth its own
 * words or `CODE|message`. Only the code is read, and only our table's message for it is shown, so
 * nobody can put words on this page through a link.
 */
function signInErrorOf(param: unknown, t: (id: `errors.${ErrorCode}`) => string): { code: string; message: string } | undefined {
  if (typeof param !== "string" || !param) return undefined;
  const code = signInErrorCodeOf(param);
  if (Object.hasOwn(ERROR_CODES, code)) return { code, message: t(`errors.${code as ErrorCode}`) };
  return { code: "INTERNAL", message: t("errors.INTERNAL") };
}

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  // An application asked for a fresh sign-in (OpenID Connect prompt=login): show the form even to a signed-in user.
  if (params.prompt !== "login" && (await currentUser())) redirect(callbackUrl);
  // next-auth's answer to a form posted without JavaScript: the sign-in needs proof (lib/pending-sign-in).
  if (typeof params.error === "string" && params.error.includes("|") && signInErrorCodeOf(params.error) === "PROOF_REQUIRED") redirect(`/login/verify?${new URLSearchParams({ callbackUrl })}`);
  const notice = typeof params.notice === "string" ? params.notice : undefined;
  const t = await getTranslations();
  return (
    <CardPage
      productName={config().PRODUCT_NAME}
      title={t("common.signIn")}
      subtitle={t("signIn.subtitle")}
      footer={
        <p>
          {t("signIn.noAccount")} <a href="/signup">{t("signIn.createOne")}</a>
        </p>
      }
    >
      <SignInForm
        callbackUrl={callbackUrl}
        notice={notice === "password-reset" ? t("signIn.passwordChanged") : undefined}
        initialError={signInErrorOf(params.error, t)}
        defaultIdentifier={fromCookieText((await cookies()).get(LOGIN_IDENTIFIER_COOKIE)?.value)}
      />
    </CardPage>
  );
}
