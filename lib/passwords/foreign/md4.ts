import jsMd4 from "js-md4";

/**
 * MD4, which OpenSSL 3 only has in its legacy provider. Enabling that provider process-wide
 * (`--openssl-legacy-provider`) would re-enable every legacy cipher for the whole server, so the
 * small, widely used `js-md4` computes the one digest instead.
 */
export function md4(data: Buffer): Buffer {
  return Buffer.from(jsMd4.arrayBuffer(data));
}
