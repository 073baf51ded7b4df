import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate, type Pool } from '@bazaar/postgres';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Creates or upgrades the event store's tables in a service's database; its history is kept apart. */
export async function installEventStore(db: Pool): Promise<void> {
  await migrate(db, await loadMigrations(MIGRATIONS_DIR), { table: 'es_schema_migrations' });
}
