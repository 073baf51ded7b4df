import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate, type Pool } from '@bazaar/postgres';

const dir = (name: string) => fileURLToPath(new URL(`../migrations/${name}`, import.meta.url));

/** The shared bus database's tables (PostgreSQL message store). */
export async function installMessageStore(db: Pool): Promise<void> {
  await migrate(db, await loadMigrations(dir('bus')), { table: 'bus_schema_migrations' });
}

/** A service's outbox table, in the service's own database. */
export async function installOutbox(db: Pool): Promise<void> {
  await migrate(db, await loadMigrations(dir('outbox')), { table: 'outbox_schema_migrations' });
}

/** A service's inbox table (handled message ids per consumer), in the service's own database. */
export async function installInbox(db: Pool): Promise<void> {
  await migrate(db, await loadMigrations(dir('inbox')), { table: 'inbox_schema_migrations' });
}
