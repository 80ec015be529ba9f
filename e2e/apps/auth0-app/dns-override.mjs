// Loaded with --import into the Auth0 SDK app: REKEY_TEST_HOST (e.g. rekey.test) resolves to
// REKEY_TEST_ADDRESS, where the TLS proxy in front of the test Rekey listens on port 443. The SDK
// refuses ports, localhost and IP addresses in AUTH0_DOMAIN, so a real-looking name is needed.
import dns from "node:dns";

const host = process.env.REKEY_TEST_HOST;
const address = process.env.REKEY_TEST_ADDRESS;
const original = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  if (hostname !== host) return original.call(dns, hostname, options, callback);
  const cb = typeof options === "function" ? options : callback;
  const all = typeof options === "object" && options?.all;
  if (all) return process.nextTick(cb, null, [{ address, family: 4 }]);
  return process.nextTick(cb, null, address, 4);
};
