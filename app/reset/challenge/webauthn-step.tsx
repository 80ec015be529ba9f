"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Alert, Button } from "@/app/components";
import { useHydrated } from "@/app/components/use-hydrated";
import { describeWebauthnError, postJson } from "@/app/components/webauthn-client";
import type { PassedFactor, StartedFactor } from "@/lib/reset/factor-step";

type Phase = { kind: "idle" } | { kind: "waiting" } | { kind: "checking" } | { kind: "error"; message: string };

/**
 * The WebAuthn ceremony of a reset's challenge or a sign-in's factor step: one press starts it; the page says what to do while the
 * browser waits for the key, and offers a retry after a failure or a cancel. The browser library
 * is loaded on that press, not with the page. The ceremony is the browser's WebAuthn API, the one
 * step that cannot work without scripts: until they run, the page says so and points to the others.
 */
type Endpoints = { start: string; verify: string; /** Sent with both posts (the sign-in's return address). */ extra?: Record<string, string> };

const RESET_ENDPOINTS: Endpoints = { start: "/reset/challenge/start", verify: "/reset/challenge/verify" };

export function WebauthnStep({
  factor,
  hasOtherMethods,
  endpoints = RESET_ENDPOINTS,
}: {
  factor: "webauthn-roaming" | "webauthn-platform";
  hasOtherMethods: boolean;
  /** Where the ceremony starts and is checked: the reset's challenge by default, sign-in's factor step otherwise. */
  endpoints?: Endpoints;
}) {
  const hydrated = useHydrated();
  const t = useTranslations();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  async function run() {
    setPhase({ kind: "waiting" });
    try {
      const started = await postJson<StartedFactor>(endpoints.start, { ...endpoints.extra, factor });
      if (started.kind !== "webauthn") throw new Error("unexpected answer");
      const { startAuthentication } = await import("@simplewebauthn/browser");
      const response = await startAuthentication({ optionsJSON: started.options });
      setPhase({ kind: "checking" });
      const { next } = await postJson<Pick<PassedFactor, "next">>(endpoints.verify, { ...endpoints.extra, factor, response });
      window.location.assign(next);
    } catch (error) {
      setPhase({ kind: "error", message: describeWebauthnError(error, (id, values) => t(id, values)) });
    }
  }

  const busy = phase.kind === "waiting" || phase.kind === "checking";
  return (
    <div className="stack">
      <p>
        {factor === "webauthn-platform" ? t("reset.passkeyIntro") : t("reset.securityKeyIntro")}
      </p>
      {hydrated ? null : (
        <Alert kind="info" title={t("reset.needsJsTitle")}>
          {factor === "webauthn-platform" ? t("reset.needsJsPasskey") : t("reset.needsJsSecurityKey")}
          {hasOtherMethods ? t("reset.needsJsOthers") : t("reset.needsJsReload")}
        </Alert>
      )}
      {phase.kind === "error" ? <Alert kind="error">{phase.message}</Alert> : null}
      <div aria-live="polite">
        {phase.kind === "waiting" ? (
          <p className="ceremony">
            <span className="spinner" aria-hidden="true" />
            {t("reset.touchKey")}
          </p>
        ) : null}
        {phase.kind === "checking" ? (
          <p className="ceremony">
            <span className="spinner" aria-hidden="true" />
            {t("common.checking")}
          </p>
        ) : null}
      </div>
      <Button block onClick={() => void run()} disabled={busy || !hydrated} aria-busy={busy || undefined}>
        {phase.kind === "error" ? t("reset.tryAgain") : factor === "webauthn-platform" ? t("reset.usePasskey") : t("reset.useSecurityKey")}
      </Button>
    </div>
  );
}
