"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { actionTestFormAction } from "./test-form-actions";

type Outcome = {
  kind: "action" | "hook" | null;
  exportName?: string;
  result: { ok: boolean; commands: unknown[]; logs: string; error?: { kind: string; message: string; stack?: string }; durationMs: number; timedOut?: boolean };
};

/** Runs one file of a trigger with an editable sample event and shows what it did. */
export function TestPanel({ trigger, files, samples }: { trigger: string; files: Array<{ name: string; kind: "action" | "hook" | null }>; samples: { action: string; hook: string } }) {
  const [state, action] = useActionState<FormState, FormData>(actionTestFormAction, { ok: false });
  const [file, setFile] = useState(files[0]?.name ?? "");
  const kindOf = (name: string) => (files.find((f) => f.name === name)?.kind === "hook" ? "hook" : "action");
  const [event, setEvent] = useState(samples[kindOf(file)]);
  const outcome = state.ok ? (state.data?.outcome as Outcome | undefined) : undefined;
  const id = (name: string) => `${trigger}-${name}`;
  if (files.length === 0) return <p>Add a file to this trigger&apos;s folder to test it here.</p>;
  return (
    <form action={action} className="stack">
      <input type="hidden" name="trigger" value={trigger} />
      <div className="field">
        <label className="field__label" htmlFor={id("file")}>
          File
        </label>
        <select
          id={id("file")}
          name="file"
          className="input"
          value={file}
          onChange={(e) => {
            setFile(e.target.value);
            setEvent(samples[kindOf(e.target.value)]);
          }}
        >
          {files.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={id("event")}>
          {kindOf(file) === "hook" ? "Hook arguments (user, context) as JSON" : "Event as JSON"}
        </label>
        <textarea id={id("event")} name="event" className="input" rows={14} spellCheck={false} value={event} onChange={(e) => setEvent(e.target.value)} aria-describedby={id("event-hint")} />
        <p className="field__hint" id={id("event-hint")}>
          Merged over the built-in sample. Secrets come from the server&apos;s environment (ACTION_SECRET_…), never from this form.
        </p>
      </div>
      {state.message && !state.ok ? <Alert kind="error">{state.fields?.event ?? state.fields?.file ?? state.message}</Alert> : null}
      <SubmitButton variant="secondary" pendingLabel="Running…">
        Run test
      </SubmitButton>
      {outcome ? (
        <div className="stack" aria-live="polite">
          <Alert kind={outcome.result.ok ? "success" : "error"} title={outcome.result.ok ? "Finished" : "Failed"}>
            {`${outcome.kind ?? "file"}${outcome.exportName ? ` ${outcome.exportName}` : ""}, ${outcome.result.durationMs} ms${outcome.result.timedOut ? ", timed out" : ""}`}
          </Alert>
          <h3>API commands</h3>
          <pre>{JSON.stringify(outcome.result.commands, null, 2)}</pre>
          <h3>Console output</h3>
          <pre>{outcome.result.logs || "(none)"}</pre>
          {outcome.result.error ? (
            <>
              <h3>Error</h3>
              <pre>{`${outcome.result.error.kind}: ${outcome.result.error.message}${outcome.result.error.stack ? `\n${outcome.result.error.stack}` : ""}`}</pre>
            </>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
