"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Alert, Button } from "@/app/components";
import { useHydrated } from "@/app/components/use-hydrated";
import { describeWebauthnError, postJson } from "@/app/components/webauthn-client";
import type { StartedKeyEnrollment } from "@/lib/pending-sign-in";
import type { PassedFactor, StartedFactor } from "@/lib/reset/factor-step";

type Phase = { kind: "idle" } | { kind: "waiting" } | { kind: "checking" } | { kind: "error"; message: string };

/**
 * The WebAuthn ceremony of a reset's challenge or a sign-in's factor step, or of a key set up at
 * sign-in (MFA policy "always"; its start answers registration options): one press starts it; the page says what to do while the
 * browser waits for the key, and offers a retry after a failure or a cancel. The browser library
 * is loaded on that press, not with the page. The ceremony is the browser's WebAuthn API, the one
 * step that cannot work without scripts: until they run, the page says so and points to the others.
 */
type Endpoints = { start: string; verify: string; /** Sent with both posts (the sign-in's return address, a new key's name). */ extra?: Record<string, string> };

/** The words of each ceremony (message IDs), by key type. */
const WORDS = {
  use: {
    "webauthn-platform": { intro: "reset.passkeyIntro", needsJs: "reset.needsJsPasskey", waiting: "reset.touchKey", button: "reset.usePasskey" },
    "webauthn-roaming": { intro: "reset.securityKeyIntro", needsJs: "reset.needsJsSecurityKey", waiting: "reset.touchKey", button: "reset.useSecurityKey" },
  },
  "set-up": {
    "webauthn-platform": { intro: "verify.enrollPasskeyIntro", needsJs: "methods.keyNeedsJs", waiting: "methods.touchKeyOrPrompt", button: "methods.addPasskey" },
    "webauthn-roaming": { intro: "reset.securityKeyIntro", needsJs: "methods.keyNeedsJs", waiting: "methods.touchKeyOrPrompt", button: "methods.addSecurityKey" },
  },
} as const;

const RESET_ENDPOINTS: Endpoints = { start: "/reset/challenge/start", verify: "/reset/challenge/verify" };

export function WebauthnStep({
  factor,
  hasOtherMethods,
  endpoints = RESET_ENDPOINTS,
  mode = "use",
}: {
  factor: "webauthn-roaming" | "webauthn-platform";
  hasOtherMethods: boolean;
  /** Where the ceremony starts and is checked: the reset's challenge by default, sign-in's factor step otherwise. */
  endpoints?: Endpoints;
  /** `use` a key the account has, or `set-up` a new one (sign-in's set-up step). */
  mode?: keyof typeof WORDS;
}) {
  const hydrated = useHydrated();
  const t = useTranslations();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  async function run() {
    setPhase({ kind: "waiting" });
    try {
      const started = await postJson<StartedFactor | StartedKeyEnrollment>(endpoints.start, { ...endpoints.extra, factor });
      if (started.kind === "code-sent") throw new Error("unexpected answer");
      const browser = await import("@simplewebauthn/browser");
      const response = started.kind === "registration" ? await browser.startRegistration({ optionsJSON: started.options }) : await browser.startAuthentication({ optionsJSON: started.options });
      setPhase({ kind: "checking" });
      const { next } = await postJson<Pick<PassedFactor, "next">>(endpoints.verify, { ...endpoints.extra, factor, response });
      window.location.assign(next);
    } catch (error) {
      setPhase({ kind: "error", message: describeWebauthnError(error, (id, values) => t(id, values)) });
    }
  }

  const busy = phase.kind === "waiting" || phase.kind === "checking";
  const words = WORDS[mode][factor];
  return (
    <div className="stack">
      <p>{t(words.intro)}</p>
      {hydrated ? null : (
        <Alert kind="info" title={t("reset.needsJsTitle")}>
          {t(words.needsJs)}
          {mode === "set-up" ? null : hasOtherMethods ? t("reset.needsJsOthers") : t("reset.needsJsReload")}
        </Alert>
      )}
      {phase.kind === "error" ? <Alert kind="error">{phase.message}</Alert> : null}
      <div aria-live="polite">
        {phase.kind === "waiting" ? (
          <p className="ceremony">
            <span className="spinner" aria-hidden="true" />
            {t(words.waiting)}
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
        {phase.kind === "error" ? t("reset.tryAgain") : t(words.button)}
      </Button>
    </div>
  );
}
