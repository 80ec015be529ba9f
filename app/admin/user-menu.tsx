import Link from "next/link";
import { buttonClassName } from "@/app/components";
import { BlockAction } from "./block-action";

type MenuUser = { id: string; blocked: boolean; email: string | null; username: string | null };

/**
 * Everything an admin can do to one user, in one menu (a native <details>, so it works without
 * JavaScript): the users list shows it on every row, a user's page under its title. Block asks
 * first; the other entries lead to the section of the user's page that does the work.
 */
export function UserMenu({ user, self, onUserPage = false }: { user: MenuUser; self: boolean; onUserPage?: boolean }) {
  const label = user.email ?? user.username ?? user.id;
  const page = onUserPage ? "" : `/admin/users/${user.id}`;
  return (
    <details className="row-menu">
      <summary className={buttonClassName("secondary", { size: "sm" })}>
        Actions<span className="visually-hidden"> for {label}</span>
      </summary>
      <ul className="row-menu__list">
        <li>
          <Link href={`${page}#password-heading`}>Set password</Link>
        </li>
        <li>
          <Link href={`${page}#reset-heading`}>Send a reset email or link</Link>
        </li>
        <li>
          <Link href={`${page}#factors-heading`}>Second factors</Link>
        </li>
        {self ? null : (
          <>
            <li>
              <BlockAction user={user} />
            </li>
            <li>
              <Link href={`${page}#delete-heading`} className="row-menu__danger">
                Delete user
              </Link>
            </li>
          </>
        )}
      </ul>
    </details>
  );
}
