import pg from 'pg';

/** Statements a connection keeps track of (and at most keeps prepared); later ones run unnamed. */
const TRACKED_STATEMENTS = 500;
/**
 * What PostgreSQL answers when a migration changed the result columns of a prepared SELECT;
 * the statement is prepared afresh on its next run.
 */
const CHANGED_RESULT_TYPE = '0A000';

type QueryMethod = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * The apps' pg client: a parameterised statement that runs a second time on a connection is
 * prepared there (a named statement), so PostgreSQL parses, rewrites (row-level security
 * policies) and plans it once per connection instead of on every run, which costs more than
 * running a small tenant read. node-postgres prepares nothing by itself; pgjdbc, pgx and
 * postgres.js do. Statements run once (bulk inserts of varying size) are never prepared.
 */
export class PreparingClient extends pg.Client {
  /** Statement text → its name on this connection, or null when it has run once. */
  private readonly statements = new Map<string, string | null>();
  private prepared = 0;

  private nameFor(text: string): string | undefined {
    const known = this.statements.get(text);
    if (known) return known;
    if (known === null) {
      const name = `townhall_${++this.prepared}`;
      this.statements.set(text, name);
      return name;
    }
    if (this.statements.size < TRACKED_STATEMENTS) this.statements.set(text, null);
    return undefined;
  }

  private forget(text: string, name: string, error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === CHANGED_RESULT_TYPE && this.statements.get(text) === name) this.statements.set(text, null);
  }

  static {
    // query() has a dozen overloads in @types/pg: replaced here rather than overridden. Only
    // text with parameters and no callback (how TypeORM calls it) is renamed.
    PreparingClient.prototype.query = function (
      this: PreparingClient,
      config: unknown,
      values?: unknown,
      callback?: unknown,
    ): unknown {
      // Looked up on each call, so that whoever wraps pg's query (tests, the bench) sees ours too.
      const query = pg.Client.prototype.query as QueryMethod;
      if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) {
        return query.call(this, config, values, callback);
      }
      const name = this.nameFor(config);
      if (!name) return query.call(this, config, values);
      return (query.call(this, { name, text: config, values }) as Promise<unknown>).catch((error: unknown) => {
        this.forget(config, name, error);
        throw error;
      });
    } as pg.Client['query'];
  }
}
