import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  Kysely,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresDialect,
  type PrimitiveValueListNode,
  type QueryResult,
  type SqliteDatabase as SqliteDatabaseLike,
  SqliteDialect,
  sql,
  type UnknownRow,
  type ValueNode,
} from "kysely";
import pg from "pg";
import type { DB } from "./tables.ts";

export type Engine = "sqlite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Where file-backed state lives next to the database (SQLite); null for PostgreSQL. */
  file: string | null;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Called with each SQL statement: lets tests and benchmarks count queries exactly. */
  onQuery?: (sql: string) => void;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export function engineOf(url: string): Engine {
  if (url.startsWith("sqlite:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  throw new Error(
    `DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(":")[0]}:…")`,
  );
}

export function createDatabase(url: string, options: ConnectOptions = {}): Database {
  const engine = engineOf(url);
  const log = options.onQuery
    ? (event: { level: string; query: { sql: string } }) => {
        if (event.level === "query") options.onQuery?.(event.query.sql);
      }
    : undefined;

  if (engine === "sqlite") {
    const file = url.slice("sqlite:".length) || ":memory:";
    if (file !== ":memory:") createPrivateFile(file);
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    // Deleted and overwritten content is zeroed, so an erased caller is not left in free pages.
    sqlite.pragma("secure_delete = ON");
    if (file !== ":memory:") keepPrivate(file);
    const db = new Kysely<DB>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      plugins: [new SqliteBooleanPlugin()],
      ...(log ? { log } : {}),
    });
    return { db, engine, file, close: () => db.destroy() };
  }

  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: { getTypeParser: pgTypeParser },
  });
  // The server may end idle connections (restart, failover, a forced drop in tests); the pool
  // replaces them, and without a listener that event would crash the process. Queries in flight
  // still fail through their own promise.
  pool.on("error", () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
  return { db, engine, file: null, close: () => db.destroy() };
}

/**
 * The data folder is created readable by the owner only (0700), and so is the database file
 * (0600); an existing folder (say the working directory) is left as it is.
 */
function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
}

/** The database and its -wal/-shm files: owner only, also for a file an older version made. */
function keepPrivate(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if (existsSync(path)) chmodSync(path, 0o600);
    } catch {
      // Not ours to change (another owner): SQLite still works; the operator sees the mode.
    }
  }
}

/**
 * After an erasure: SQLite copies the WAL into the database file and truncates the WAL, so no
 * earlier version of an erased row stays in it (with secure_delete the freed space in the file
 * is zeroed). PostgreSQL reclaims dead rows with its own (auto)vacuum.
 */
export async function flushErased(database: Pick<Database, "db" | "engine">): Promise<void> {
  if (database.engine !== "sqlite") return;
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
}

const pgOids = { int8: 20, numeric: 1700, timestamptz: 1184, timestamp: 1114 };

/** timestamptz → ISO-8601 UTC string (as stored on SQLite); count(*) and bigint → number. */
function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === pgOids.timestamptz || oid === pgOids.timestamp) {
    return (v) => new Date(oid === pgOids.timestamp ? `${v}Z` : v).toISOString();
  }
  if (oid === pgOids.int8 || oid === pgOids.numeric) return (v) => Number(v);
  return pg.types.getTypeParser(oid, format as "text");
}

/** better-sqlite3 cannot bind JS booleans; store them as 0/1 like SQLite itself does. */
class SqliteBooleanPlugin implements KyselyPlugin {
  readonly #transformer = new (class extends OperationNodeTransformer {
    protected override transformValue(node: ValueNode): ValueNode {
      return typeof node.value === "boolean" ? { ...node, value: node.value ? 1 : 0 } : node;
    }
    protected override transformPrimitiveValueList(
      node: PrimitiveValueListNode,
    ): PrimitiveValueListNode {
      return {
        ...node,
        values: node.values.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v)),
      };
    }
  })();

  transformQuery(args: PluginTransformQueryArgs) {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * Kysely prepares every statement anew; preparing costs more than running most of our queries.
 * The same SQL text gets the same prepared statement (the driver runs one statement at a time).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500): SqliteDatabaseLike {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
