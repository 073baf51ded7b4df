import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate, type Pool } from '@bazaar/postgres';

/** The saga tables, in the owning service's database, with a migration history of their own. */
export async function installSagas(db: Pool): Promise<void> {
  const dir = fileURLToPath(new URL('../migrations', import.meta.url));
  await migrate(db, await loadMigrations(dir), { table: 'saga_schema_migrations' });
}
