import { RowAction } from "./row-action";
import { setBlockedAction } from "./user-actions";

/** Block or Unblock, for the users list and a user's page. */
export function BlockAction({ user }: { user: { id: string; blocked: boolean; email: string | null; username: string | null } }) {
  return (
    <RowAction
      action={setBlockedAction}
      fields={{ userId: user.id, blocked: user.blocked ? "false" : "true" }}
      label={user.blocked ? "Unblock" : "Block"}
      target={user.email ?? user.username ?? user.id}
      variant={user.blocked ? "secondary" : "danger"}
      confirm={user.blocked ? undefined : `Block ${user.email ?? user.username ?? user.id}? They are signed out everywhere and cannot sign in or reset their password until unblocked.`}
    />
  );
}
