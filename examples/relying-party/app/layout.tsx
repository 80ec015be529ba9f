import type { ReactNode } from "react";
import { APP_NAME } from "../settings";

export const metadata = { title: APP_NAME };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "48px auto", padding: "0 16px" }}>{children}</body>
    </html>
  );
}
