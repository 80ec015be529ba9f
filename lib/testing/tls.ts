import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * A throwaway certificate for `localhost` written into `dir` (the SDKs speak only HTTPS). The
 * caller that serves with it sets NODE_TLS_REJECT_UNAUTHORIZED=0 for its own process only.
 */
export function makeLocalhostCertificate(dir: string): { key: string; cert: string } {
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
  ], { stdio: "ignore" });
  return { key: fs.readFileSync(path.join(dir, "key.pem"), "utf8"), cert: fs.readFileSync(path.join(dir, "cert.pem"), "utf8") };
}
