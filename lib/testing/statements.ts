import pg from "pg";
import type { Database } from "@/lib/db";

/** One statement as sent: its SQL text and its parameters. */
export type Statement = { sql: string; params: readonly unknown[] };

/**
 * The statements a piece of work sends to the database, as a benchmark or a test counts them:
 * unlike durations, counts do not move with the machine's load.
 *
 * `calls` are round trips: on PGlite each query, exec or transaction (a transaction is one call
 * however many statements run inside); on PostgreSQL each query the driver sends (BEGIN and
 * COMMIT included). `statements` are every statement, those inside a PGlite transaction too.
 */
export type StatementLog = {
  readonly calls: number;
  readonly statements: readonly Statement[];
  /** Starts counting again from zero. */
  reset(): void;
  /** Puts the database's own methods back. */
  stop(): void;
};

type Recorder = { calls: number; statements: Statement[] };

function statementOf(args: unknown[]): Statement {
  const [first, second] = args;
  const sql = typeof first === "string" ? first : typeof (first as { text?: unknown })?.text === "string" ? (first as { text: string }).text : String(first);
  const params = Array.isArray(second) ? second : Array.isArray((first as { values?: unknown })?.values) ? (first as { values: unknown[] }).values : [];
  return { sql, params };
}

/** Replaces `methods` of `target` with ones that call `note` first; returns what puts them back. */
function wrap(target: object, methods: string[], note: (method: string, args: unknown[]) => void): () => void {
  const object = target as Record<string, (...args: unknown[]) => unknown>;
  const originals = methods.map((method) => [method, object[method]!] as const);
  for (const [method, original] of originals) {
    object[method] = function (this: unknown, ...args: unknown[]) {
      note(method, args);
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [method, original] of originals) object[method] = original;
  };
}

function recordPglite(pglite: object, recorder: Recorder): () => void {
  return wrap(pglite, ["query", "exec", "transaction"], (method, args) => {
    recorder.calls++;
    if (method !== "transaction") return void recorder.statements.push(statementOf(args));
    recorder.statements.push({ sql: "BEGIN", params: [] });
    const body = args[0] as (tx: object) => Promise<unknown>;
    args[0] = async (tx: object) => {
      wrap(tx, ["query", "exec"], (_method, inner) => recorder.statements.push(statementOf(inner)));
      const result = await body(tx);
      recorder.statements.push({ sql: "COMMIT", params: [] });
      return result;
    };
  });
}

function recordPostgres(recorder: Recorder): () => void {
  // Every pooled connection is a pg.Client: its prototype sees each statement the adapter sends.
  return wrap(pg.Client.prototype, ["query"], (_method, args) => {
    recorder.calls++;
    recorder.statements.push(statementOf(args));
  });
}

/** Records the statements sent to `db` (the process database) from now on, until `stop()`. */
export function recordStatements(db: Database): StatementLog {
  const recorder: Recorder = { calls: 0, statements: [] };
  const stop = db.pglite ? recordPglite(db.pglite, recorder) : recordPostgres(recorder);
  return {
    get calls() {
      return recorder.calls;
    },
    get statements() {
      return recorder.statements;
    },
    reset() {
      recorder.calls = 0;
      recorder.statements = [];
    },
    stop,
  };
}

/**
 * A statement's first `width` characters; one on the provider's generic table (oidc_payloads) is
 * prefixed with its model (the first parameter), since its text is the same for every model.
 */
export function statementLabel({ sql, params }: Statement, width = 100): string {
  const text = sql.replace(/\s+/g, " ").trim().slice(0, width);
  const model = sql.includes('"oidc_payloads"') && typeof params[0] === "string" && /^[A-Z]\w+$/.test(params[0]) ? params[0] : undefined;
  return model ? `[${model}] ${text}` : text;
}

/** Statements grouped by label, with how many times each ran, most first. */
export function groupStatements(statements: readonly Statement[], width = 100): Array<{ label: string; count: number }> {
  const counts = new Map<string, number>();
  for (const statement of statements) {
    const label = statementLabel(statement, width);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
