/**
 * One value per process, shared by every loaded copy of a module. Next's server bundle and
 * server.ts (through tsx) each load lib/, and both must see the same database, sandbox pool,
 * caches and locks: the value lives on globalThis under `Symbol.for("rekey.<name>")`.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`rekey.${name}`);
  const shared = globalThis as unknown as Record<symbol, T | undefined>;
  return (shared[key] ??= create());
}
