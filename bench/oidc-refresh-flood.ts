// The token endpoint's refresh grant at saturation, with autocannon (bench/saturation.ts's flood).
import { flood, type Saturation } from "./saturation";

export type RefreshSaturation = { rekey: Saturation; floor: Saturation };

/**
 * Refresh-grant exchanges over `connections` keep-alive connections for `seconds`. Rotation makes
 * every refresh token single use (a second use is reuse, which revokes the grant), so each request
 * takes a token from a pool that the answers refill: every answer brings the next token of its
 * chain, and a connection sends its next request only after its answer came. `tokens` seeds the
 * pool, at least one per connection. A response without a new refresh token counts as an error.
 *
 * The floor is the same flood sent to the trivial server (bench/oidc-floor.ts), where any 200 counts.
 */
export async function saturateRefreshGrant(
  baseUrl: string,
  floorUrl: string,
  options: { tokens: string[]; body: (refreshToken: string) => string; seconds: number; connections: number },
): Promise<RefreshSaturation> {
  if (options.tokens.length < options.connections) throw new Error(`${options.tokens.length} refresh tokens for ${options.connections} connections`);
  const pool = [...options.tokens];
  const contentType = "application/x-www-form-urlencoded";
  const rekey = await flood(baseUrl, options.seconds, options.connections, {
    path: "/oauth/token",
    // An empty pool (answers without a token) sends a token that names nothing: an error, counted.
    next: () => ({ body: options.body(pool.pop() ?? "exhausted"), contentType, origin: false }),
    succeeded: (status, _headers, body) => {
      if (status !== 200) return false;
      const next = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token;
      if (typeof next !== "string") return false;
      pool.push(next);
      return true;
    },
  });
  const floor = await flood(floorUrl, options.seconds, options.connections, {
    path: "/oauth/token",
    next: () => ({ body: options.body(options.tokens[0]!), contentType, origin: false }),
    succeeded: (status) => status === 200,
  });
  return { rekey, floor };
}
