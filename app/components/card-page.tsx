import { Suspense } from "react";
import { CardFrame, type CardFrameProps } from "./card-frame";
import { LanguageSwitcher } from "./language-switcher";

export type CardPageProps = Omit<CardFrameProps, "below">;

/** The centred single-card layout of sign-in, sign-up, consent and every password-reset page, with the language switcher under the card. */
export function CardPage(props: CardPageProps) {
  return (
    <CardFrame
      {...props}
      below={
        <Suspense fallback={null}>
          <LanguageSwitcher />
        </Suspense>
      }
    />
  );
}
