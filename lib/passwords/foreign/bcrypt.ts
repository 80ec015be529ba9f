import { compare } from "bcrypt";
import { MalformedHashError } from "./bytes";

// The native `bcrypt` package runs on libuv's thread pool, as argon2 does, so a cost-12 hash does
// not stall the event loop the way pure-JS bcryptjs would; its prebuilt binaries need no compiler.
const BCRYPT = /^\$2([aby])\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const MAX_BCRYPT_COST = 16;

/** Whether `value` looks like a bcrypt hash Auth0 accepts ($2a$, $2b$, $2y$). */
export function isBcrypt(value: string): boolean {
  return BCRYPT.test(value);
}

export async function verifyBcrypt(value: string, plain: string): Promise<boolean> {
  const match = BCRYPT.exec(value);
  if (!match) throw new MalformedHashError("not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
  const cost = Number(match[2]);
  if (cost < 4 || cost > MAX_BCRYPT_COST) throw new MalformedHashError(`bcrypt cost must be from 4 to ${MAX_BCRYPT_COST}`);
  // $2y$ (PHP) is the same algorithm as $2b$; the native binding only knows the latter two names.
  return compare(plain, match[1] === "y" ? `$2b$${value.slice(4)}` : value);
}
