import { ConflictError } from "../domain/errors.ts";

/** True when an insert/update broke a unique key (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return (
    e?.code === "23505" ||
    e?.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/** True when a write broke a foreign key: a delete of a row still referenced (SQLite or PostgreSQL). */
function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === "23503" || e?.code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

/** Runs a delete; a row still referenced (a foreign key without cascade) is a ConflictError. */
export async function unlessReferenced<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new ConflictError(message);
    throw error;
  }
}
