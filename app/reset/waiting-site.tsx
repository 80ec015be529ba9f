import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Button } from "@/app/components";
import { resetCookieName, waitingSiteOf, type WaitingSite } from "@/lib/reset";

/** The site this browser's reset waits on (an Action's redirect), or null. */
export async function waitingSiteHere(): Promise<WaitingSite | null> {
  return waitingSiteOf((await cookies()).get(resetCookieName())?.value);
}

/**
 * The way back to the site an Action sent the user to: a plain form (works without JavaScript)
 * whose press makes a fresh one-time state, so the page itself never holds one.
 */
export async function ContinueAtSite({ site }: { site: WaitingSite }) {
  const t = await getTranslations("reset");
  return (
    <form method="post" action="/reset/return-to-site" className="stack">
      <Button type="submit" block>
        {t("continueAt", { host: site.host })}
      </Button>
    </form>
  );
}
