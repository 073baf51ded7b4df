import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from './pool.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE_NAME = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/** Reads `NNN_description.sql` files in version order; a gap or duplicate version is an error. */
export async function loadMigrations(directory: string): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => file.toLowerCase().endsWith('.sql'));
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match)
      throw new MigrationError(`${join(directory, file)}: migration files are named NNN_description.sql`);
    const sql = await readFile(join(directory, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  // By number, not by text: 1000_x.sql comes after 999_y.sql.
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `${directory}: expected migration ${index + 1} but found ${migration.version} (${migration.name}); versions start at 1 without gaps`,
      );
    }
  });
  return migrations;
}

// Any fixed 64-bit key works; it only has to be the same for every instance of every service.
const MIGRATION_LOCK_KEY = 7_262_001;

/**
 * Applies the migrations not yet recorded, with their bookkeeping rows. An edited migration that already
 * ran is refused rather than silently ignored.
 */
export async function migrate(
  pool: Pool,
  migrations: readonly Migration[],
  /** Building blocks (the event store, the outbox) keep their own history beside the service's. */
  options: { table?: string } = {},
): Promise<{ applied: number[] }> {
  const table = options.table ?? 'schema_migrations';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table))
    throw new MigrationError(`'${table}' is not a valid table name`);
  const applied: number[] = [];
  // One transaction for the whole run: concurrent starts queue on the lock, and a failing migration
  // leaves the schema exactly as it was.
  await pool.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`
      CREATE TABLE IF NOT EXISTS ${tx(table)} (
        version     integer PRIMARY KEY,
        name        text NOT NULL,
        checksum    text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`;
    const done = await tx<{ version: number; name: string; checksum: string }[]>`
      SELECT version, name, checksum FROM ${tx(table)} ORDER BY version`;
    const byVersion = new Map(done.map((row) => [row.version, row]));
    for (const row of done) {
      if (!migrations.some((m) => m.version === row.version)) {
        throw new MigrationError(
          `database has migration ${row.version} (${row.name}) that this code does not know; is an older build running against a newer database?`,
        );
      }
    }
    for (const migration of migrations) {
      const existing = byVersion.get(migration.version);
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.version} (${migration.name}) was changed after it ran; add a new migration instead`,
          );
        }
        continue;
      }
      try {
        await tx.unsafe(migration.sql);
      } catch (error) {
        throw new MigrationError(
          `migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      await tx`INSERT INTO ${tx(table)} (version, name, checksum)
               VALUES (${migration.version}, ${migration.name}, ${migration.checksum})`;
      applied.push(migration.version);
    }
  });
  return { applied };
}
