import { createCalcomTeamReader } from "../calcom/team-reader.ts";
import { createDatabase, type Database } from "../db/connect.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createStore } from "../db/store.ts";
import { createFeatures } from "../features/index.ts";
import { systemClock } from "../platform/clock.ts";
import { newId } from "../platform/ids.ts";
import { createLogger, type Logger } from "../platform/logger.ts";
import { hashPassword } from "../platform/password.ts";
import { createSecretBox, loadOrCreateSecret } from "../platform/secret-box.ts";
import { type Config, secretKeyFile } from "./config.ts";

export interface ContainerOptions {
  logger?: Logger;
  onQuery?: (sql: string) => void;
  /** How Cal.com is reached (tests and benchmarks pass the simulator's fetch). */
  calcomFetch?: typeof fetch;
}

/** The composition root: infrastructure in, use-cases out. */
export function createContainer(config: Config, options: ContainerOptions = {}) {
  const logger = options.logger ?? createLogger({ level: config.logLevel ?? "info" });
  const database: Database = createDatabase(config.databaseUrl, { onQuery: options.onQuery });
  const secretBox = createSecretBox(loadOrCreateSecret(config.secret, secretKeyFile(config)));
  const store = createStore(database.db, { clock: systemClock, newId, secretBox });
  const calcom = createCalcomTeamReader(options.calcomFetch ? { fetch: options.calcomFetch } : {});
  const features = createFeatures({ store, hashPassword, calcom, clock: systemClock, newId });

  return {
    config,
    logger,
    database,
    store,
    features,
    migrate: () => migrateToLatest(database),
    close: () => database.close(),
  };
}

export type Container = ReturnType<typeof createContainer>;
