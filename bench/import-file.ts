// The users file of the import benchmarks (bench/import.ts, bench/import-kill.ts), generated as a
// stream: never held whole in memory, never written to the repository.
import crypto from "node:crypto";
import bcryptjs from "bcryptjs";

const BCRYPT = bcryptjs.hashSync("pw", 10);
const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");

/** User i of a mixed file: bcrypt, md5, salted sha256, pbkdf2, no password; `pad` bytes of metadata. */
export function importUser(i: number, prefix: string, pad: string): string {
  const email = `${prefix}${i}@bench.example`;
  const password = `pw-${i}`;
  const meta = pad ? { user_metadata: { note: pad } } : {};
  switch (i % 5) {
    case 0:
      return JSON.stringify({ email, password_hash: BCRYPT, ...meta });
    case 1:
      return JSON.stringify({ email, custom_password_hash: { algorithm: "md5", hash: { value: crypto.createHash("md5").update(password).digest("hex"), encoding: "hex" } }, ...meta });
    case 2: {
      const salt = crypto.randomBytes(8);
      return JSON.stringify({
        email,
        custom_password_hash: {
          algorithm: "sha256",
          hash: { value: crypto.createHash("sha256").update(Buffer.concat([Buffer.from(password), salt])).digest("base64"), encoding: "base64" },
          salt: { value: salt.toString("hex"), encoding: "hex", position: "suffix" },
        },
        ...meta,
      });
    }
    case 3: {
      const salt = crypto.randomBytes(8);
      return JSON.stringify({ email, custom_password_hash: { algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha256$i=1000,l=32$${b64(salt)}$${b64(crypto.pbkdf2Sync(password, salt, 1000, 32, "sha256"))}` } }, ...meta });
    }
    default:
      return JSON.stringify({ email, email_verified: true, given_name: `G${i}`, ...meta });
  }
}

/** The file as a stream of ~256 KiB pieces. */
export async function* importFile(count: number, prefix: string, pad = ""): AsyncGenerator<Buffer> {
  let piece = "[\n";
  for (let i = 0; i < count; i++) {
    piece += (i ? ",\n" : "") + importUser(i, prefix, pad);
    if (piece.length >= 256 * 1024) {
      yield Buffer.from(piece);
      piece = "";
    }
  }
  yield Buffer.from(piece + "\n]\n");
}

