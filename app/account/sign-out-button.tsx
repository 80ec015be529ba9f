import { useTranslations } from "next-intl";
import { Button } from "@/app/components";

/** A form, not a script: signing out works as soon as the page is shown. */
export function SignOutButton() {
  const t = useTranslations("account");
  return (
    <form method="post" action="/logout">
      <Button type="submit" variant="secondary">
        {t("signOut")}
      </Button>
    </form>
  );
}
