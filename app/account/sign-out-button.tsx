"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/app/components";

export function SignOutButton() {
  return (
    <Button variant="secondary" onClick={() => void signOut({ callbackUrl: "/login" })}>
      Sign out
    </Button>
  );
}
