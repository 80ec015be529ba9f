"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Alert, Button, Field } from "@/app/components";
import { useHydrated } from "@/app/components/use-hydrated";
import { describeWebauthnError, postJson, RequestError } from "@/app/components/webauthn-client";

type Phase = { kind: "idle" } | { kind: "waiting" } | { kind: "error"; message: string } | { kind: "added"; name: string };
type Kind = "security-key" | "this-device";

/**
 * Adds a security key or a passkey: the name first (checked before the key is touched), then the
 * browser's prompt. @simplewebauthn/browser is loaded only when a person presses the button.
 */
export function SecurityKeyForm({ defaultName }: { defaultName: string }) {
  const hydrated = useHydrated();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [nameError, setNameError] = useState<string>();
  const t = useTranslations();

  async function add(form: HTMLFormElement, kind: Kind) {
    const name = String(new FormData(form).get("name") ?? "");
    setNameError(undefined);
    setPhase({ kind: "waiting" });
    try {
      const optionsJSON = await postJson<Parameters<typeof import("@simplewebauthn/browser").startRegistration>[0]["optionsJSON"]>(
        "/account/security/webauthn/options",
        { kind, name },
      );
      const { startRegistration } = await import("@simplewebauthn/browser");
      const response = await startRegistration({ optionsJSON });
      await postJson("/account/security/webauthn/verify", { name, response });
      form.reset();
      setPhase({ kind: "added", name: name.trim() });
      router.refresh();
    } catch (error) {
      if (error instanceof RequestError && error.fields?.name) {
        const said = error.fieldIds?.name;
        setNameError(said ? t(said.id as never, said.values as never) : error.fields.name);
        setPhase({ kind: "idle" });
        return;
      }
      setPhase({ kind: "error", message: describeWebauthnError(error, (id, values) => t(id as never, values as never)) });
    }
  }

  const waiting = phase.kind === "waiting";
  // Until the page's script runs (or with scripts off) the buttons would only submit the name.
  const disabled = waiting || !hydrated;
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        void add(event.currentTarget, submitter?.value === "this-device" ? "this-device" : "security-key");
      }}
    >
      {hydrated ? null : <Alert kind="info">{t("methods.keyNeedsJs")}</Alert>}
      <Field label={t("methods.colName")} name="name" maxLength={60} required defaultValue={defaultName} hint={t("methods.keyNameHint")} error={nameError} />
      <div className="form-actions">
        <Button type="submit" value="security-key" disabled={disabled}>
          {t("methods.addSecurityKey")}
        </Button>
        <Button type="submit" variant="secondary" value="this-device" disabled={disabled}>
          {t("methods.addPasskey")}
        </Button>
      </div>
      <div aria-live="polite" className="stack">
        {waiting ? (
          <p className="ceremony">
            <span className="spinner" aria-hidden="true" />
            {t("methods.touchKeyOrPrompt")}
          </p>
        ) : null}
        {phase.kind === "added" ? <Alert kind="success">{t("methods.added", { name: phase.name })}</Alert> : null}
      </div>
      {phase.kind === "error" ? <Alert kind="error">{phase.message}</Alert> : null}
    </form>
  );
}
