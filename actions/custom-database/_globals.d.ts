// The globals Auth0 gives a Custom Database script, so `npm run typecheck` checks login.js and
// get_user.js as it checks Actions. (Files starting with _ are never run.)

/** The connection's settings: ACTION_SECRET_<NAME> (every script) or ACTION_SECRET_<NAME>__LOGIN / __GET_USER. */
declare const configuration: Readonly<Record<string, string>>;

/** Pass to the callback when the password is wrong or the user does not exist. */
declare class WrongUsernameOrPasswordError extends Error {
  constructor(userIdOrEmail?: string, message?: string);
}
declare class ValidationError extends Error {
  constructor(code?: string, message?: string);
}
declare class UnauthorizedError extends Error {
  constructor(message?: string);
}

/** What a script hands to its callback: the user as Auth0 reads it (other keys are ignored). */
type CustomDatabaseUser = {
  user_id?: string | number;
  id?: string | number;
  email: string;
  email_verified?: boolean;
  username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
};
type CustomDatabaseCallback = (error: Error | null, user?: CustomDatabaseUser | null) => void;
