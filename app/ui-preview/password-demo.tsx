"use client";

// TEMPORARY: part of the /ui-preview showcase. Shows PasswordField's live checklist, which needs a
// function and therefore a client component.

import { PasswordField, type PasswordRule } from "@/app/components";

function checkRules(value: string): PasswordRule[] {
  return [
    { code: "MIN_LENGTH", message: "At least 12 characters", verified: value.length >= 12 },
    { code: "NOT_EMAIL", message: "Not your email address", verified: value.length > 0 && !value.includes("@") },
    { code: "NOT_COMMON", message: "Not a commonly used password", verified: value.length > 0 && value !== "password1234" },
  ];
}

export function PasswordDemo() {
  return (
    <PasswordField
      label="New password"
      name="demo-new-password"
      autoComplete="new-password"
      hint="Use a passphrase: several unrelated words are easy to remember and hard to guess."
      checkRules={checkRules}
    />
  );
}
