import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";

/** An authenticator app's key being set up: as a QR code (an SVG made on the server) and as text. */
export async function OtpKey({ qrSvg, secret, children }: { qrSvg: string; secret: string; /** Beside the key (a copy button). */ children?: ReactNode }) {
  const t = await getTranslations("verify");
  return (
    <>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL of an SVG made on the server */}
      <img className="qr" src={`data:image/svg+xml;base64,${Buffer.from(qrSvg).toString("base64")}`} alt={t("qrAlt")} width={192} height={192} />
      <dl className="details">
        <div>
          <dt>{t("key")}</dt>
          <dd>
            <code className="secret-text" data-testid="otp-secret">
              {secret.replace(/(.{4})/g, "$1 ").trim()}
            </code>
            {children}
          </dd>
        </div>
      </dl>
    </>
  );
}
