// Figure 1: raw argon2id hash and verify on this machine, with the production parameters.
import { randomBytes } from "node:crypto";
import { argon2id, hash, verify } from "argon2";
import { configSchema } from "@/lib/config";
import { summarize, timed, type Summary } from "./stats";

/**
 * The documented defaults (ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM), read from the
 * configuration schema rather than the environment so the figure never uses lowered test costs.
 */
export function productionArgon2Params() {
  const defaults = configSchema.pick({ ARGON2_MEMORY_KIB: true, ARGON2_TIME_COST: true, ARGON2_PARALLELISM: true }).parse({});
  return { memoryCost: defaults.ARGON2_MEMORY_KIB, timeCost: defaults.ARGON2_TIME_COST, parallelism: defaults.ARGON2_PARALLELISM };
}

/**
 * One raw hash or verify at a time, for pairing with HTTP samples: taken right after each request
 * (with the server idle), the denominators of the ratios see the same machine load as the
 * numerators, which matters on a shared machine whose load drifts during the run.
 */
export function rawSampler() {
  const options = { type: argon2id, ...productionArgon2Params() } as const;
  const password = `Qw-${randomBytes(12).toString("base64url")}-9`;
  const stored = hash(password, options);
  return {
    async hashMs(): Promise<number> {
      return (await timed(() => hash(`Qw-${randomBytes(12).toString("base64url")}-9`, options))).ms;
    },
    async verifyMs(): Promise<number> {
      const h = await stored;
      const v = await timed(() => verify(h, password));
      if (!v.value) throw new Error("argon2 verify failed");
      return v.ms;
    },
    /** A hash and a verify started together, as a password write with a one-entry history runs them. */
    async hashBesideVerifyMs(): Promise<number> {
      const h = await stored;
      const both = await timed(() => Promise.all([hash(`Qw-${randomBytes(12).toString("base64url")}-9`, options), verify(h, password)]));
      if (!both.value[1]) throw new Error("argon2 verify failed");
      return both.ms;
    },
  };
}

export type RawArgon2 = { params: ReturnType<typeof productionArgon2Params>; hash: Summary; verify: Summary };

/** Hashes and verifies alternately (warm-up first), in this process, while no server runs. */
export async function measureArgon2(samples: number, warmUp = 5): Promise<RawArgon2> {
  const params = productionArgon2Params();
  const options = { type: argon2id, ...params } as const;
  const hashes: number[] = [];
  const verifies: number[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const password = `Qw-${randomBytes(12).toString("base64url")}-9`;
    const h = await timed(() => hash(password, options));
    const v = await timed(() => verify(h.value, password));
    if (!v.value) throw new Error("argon2 verify failed");
    if (i >= warmUp) {
      hashes.push(h.ms);
      verifies.push(v.ms);
    }
  }
  return { params, hash: summarize(hashes), verify: summarize(verifies) };
}
