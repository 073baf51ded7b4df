import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import postgres from 'postgres';
import {
  createPool,
  databaseUrlFor,
  ensureDatabase,
  loadMigrations,
  type Migration,
  MigrationError,
  migrate,
  type Pool,
} from '../src/index.js';

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('migrate');
const temporaryDirectories: string[] = [];
const pools: Pool[] = [];

after(async () => {
  await Promise.all(temporaryDirectories.map((directory) => rm(directory, { recursive: true, force: true })));
  await Promise.all(pools.map((pool) => pool.end({ timeout: 5 })));
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

/** A folder holding exactly these files, removed after the run. */
async function folderWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'bazaar-migrations-'));
  temporaryDirectories.push(directory);
  for (const [name, text] of Object.entries(files)) await writeFile(join(directory, name), text);
  return directory;
}

/** Migrations as loadMigrations reads them from a folder with these files. */
async function migrationsOf(files: Record<string, string>): Promise<Migration[]> {
  return loadMigrations(await folderWith(files));
}

let databases = 0;
/** A new, empty database of this run and a pool on it. */
async function freshDatabase(): Promise<{ name: string; url: string; pool: Pool }> {
  const name = `${prefix}_${++databases}`;
  await ensureDatabase(serverUrl, name);
  const url = databaseUrlFor(serverUrl, name);
  const pool = createPool(url, { max: 2, applicationName: 'migrate-test' });
  pools.push(pool);
  return { name, url, pool };
}

async function tableExists(pool: Pool, table: string): Promise<boolean> {
  const [row] = await pool<
    { found: string | null }[]
  >`SELECT to_regclass(${`public.${table}`})::text AS found`;
  return row?.found != null;
}

async function recordedVersions(pool: Pool): Promise<number[]> {
  if (!(await tableExists(pool, 'schema_migrations'))) return [];
  const rows = await pool<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
  return rows.map((row) => row.version);
}

async function assertMigrationError(running: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(running, (error: unknown) => {
    assert.ok(error instanceof MigrationError, `expected a MigrationError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('loadMigrations', () => {
  it('reads NNN_name.sql files in version order with their text and checksum', async () => {
    // given files written out of order, next to files that are not migrations
    const directory = await folderWith({
      '002_add_orders.sql': 'CREATE TABLE orders (id int);',
      '010_add_index.sql': 'CREATE INDEX ON orders (id);',
      '001_create_users.sql': 'CREATE TABLE users (id int);',
      '003_seed.sql': 'INSERT INTO users VALUES (1);',
      '004_a.sql': '',
      '005_b.sql': '',
      '006_c.sql': '',
      '007_d.sql': '',
      '008_e.sql': '',
      '009_f.sql': '',
      'README.md': '# not a migration',
      'notes.txt': 'neither',
    });
    // when
    const migrations = await loadMigrations(directory);
    // then
    assert.deepEqual(
      migrations.map((m) => [m.version, m.name]),
      [
        [1, 'create_users'],
        [2, 'add_orders'],
        [3, 'seed'],
        [4, 'a'],
        [5, 'b'],
        [6, 'c'],
        [7, 'd'],
        [8, 'e'],
        [9, 'f'],
        [10, 'add_index'],
      ],
    );
    assert.equal(migrations[0]!.sql, 'CREATE TABLE users (id int);');
    assert.equal(
      migrations[0]!.checksum,
      createHash('sha256').update('CREATE TABLE users (id int);').digest('hex'),
    );
    assert.notEqual(migrations[0]!.checksum, migrations[1]!.checksum);
  });

  it('reads an empty folder as no migrations', async () => {
    assert.deepEqual(await loadMigrations(await folderWith({})), []);
  });

  it('refuses a gap in the versions', async () => {
    const directory = await folderWith({ '001_a.sql': 'SELECT 1;', '003_c.sql': 'SELECT 3;' });
    await assertMigrationError(loadMigrations(directory), /expected migration 2 but found 3 \(c\)/);
  });

  it('refuses versions that do not start at 1', async () => {
    const directory = await folderWith({ '002_b.sql': 'SELECT 2;' });
    await assertMigrationError(loadMigrations(directory), /expected migration 1 but found 2/);
  });

  it('refuses two migrations with the same version', async () => {
    const directory = await folderWith({ '001_a.sql': 'SELECT 1;', '001_b.sql': 'SELECT 1;' });
    await assertMigrationError(loadMigrations(directory), /expected migration 2 but found 1/);
  });

  it('refuses badly named .sql files and names the file', async () => {
    for (const name of [
      '1_init.sql',
      '01_init.sql',
      '001-init.sql',
      '001_Init.sql',
      'init.sql',
      '001_.sql',
      '001 init.sql',
    ]) {
      const directory = await folderWith({ [name]: 'SELECT 1;' });
      await assertMigrationError(
        loadMigrations(directory),
        new RegExp(`${name.replace('.', '\\.')}: .*NNN_description\\.sql`),
      );
    }
  });

  it('fails when the folder does not exist', async () => {
    await assert.rejects(loadMigrations(join(tmpdir(), `bazaar-missing-${Date.now()}`)), { code: 'ENOENT' });
  });
});

describe('migrate', () => {
  it('applies pending migrations once and records them', async () => {
    // given
    const { pool } = await freshDatabase();
    const migrations = await migrationsOf({
      '001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY);',
      '002_orders.sql':
        'CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users);\nINSERT INTO users VALUES (1);',
    });
    // when
    const first = await migrate(pool, migrations);
    const second = await migrate(pool, migrations);
    // then
    assert.deepEqual(first.applied, [1, 2]);
    assert.deepEqual(second.applied, []);
    const recorded = await pool<{ version: number; name: string; checksum: string }[]>`
      SELECT version, name, checksum FROM schema_migrations ORDER BY version`;
    assert.deepEqual(
      recorded.map((row) => ({ ...row })),
      migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    const [users] = await pool<{ count: number }[]>`SELECT count(*)::int AS count FROM users`;
    assert.equal(users?.count, 1, 'the data migration ran once');
  });

  it('applies only the migrations added since the last run', async () => {
    const { pool } = await freshDatabase();
    const files = { '001_users.sql': 'CREATE TABLE users (id int);' };
    await migrate(pool, await migrationsOf(files));
    const result = await migrate(
      pool,
      await migrationsOf({ ...files, '002_orders.sql': 'CREATE TABLE orders (id int);' }),
    );
    assert.deepEqual(result.applied, [2]);
    assert.deepEqual(await recordedVersions(pool), [1, 2]);
  });

  it('applies nothing and creates only its bookkeeping table when there are no migrations', async () => {
    const { pool } = await freshDatabase();
    assert.deepEqual((await migrate(pool, [])).applied, []);
    assert.equal(await tableExists(pool, 'schema_migrations'), true);
  });

  it('refuses a migration whose text changed after it ran', async () => {
    // given
    const { pool } = await freshDatabase();
    await migrate(pool, await migrationsOf({ '001_users.sql': 'CREATE TABLE users (id int);' }));
    // when
    const edited = await migrationsOf({
      '001_users.sql': 'CREATE TABLE users (id int, email text);',
      '002_orders.sql': 'CREATE TABLE orders (id int);',
    });
    // then
    await assertMigrationError(migrate(pool, edited), /migration 1 \(users\) was changed after it ran/);
    assert.equal(await tableExists(pool, 'orders'), false, 'nothing after the refusal was applied');
    assert.deepEqual(await recordedVersions(pool), [1]);
  });

  it('refuses a database that has a migration this code does not know', async () => {
    // given a database migrated by a newer build
    const { pool } = await freshDatabase();
    const newer = {
      '001_users.sql': 'CREATE TABLE users (id int);',
      '002_orders.sql': 'CREATE TABLE orders (id int);',
    };
    await migrate(pool, await migrationsOf(newer));
    // when an older build migrates it
    const older = await migrationsOf({ '001_users.sql': newer['001_users.sql'] });
    // then
    await assertMigrationError(
      migrate(pool, older),
      /database has migration 2 \(orders\) that this code does not know/,
    );
    assert.deepEqual(await recordedVersions(pool), [1, 2]);
  });

  it('rolls back every migration of the run when one of them fails', async () => {
    // given a run whose second migration is broken
    const { pool } = await freshDatabase();
    const files = {
      '001_first.sql': 'CREATE TABLE first_table (id int);\nINSERT INTO first_table VALUES (1);',
      '002_broken.sql': 'CREATE TABLE second_table (id int);\nSELECT no_such_column FROM first_table;',
    };
    // when
    await assertMigrationError(
      migrate(pool, await migrationsOf(files)),
      /migration 2 \(broken\) failed: .*no_such_column/,
    );
    // then nothing of the run is left behind, not even its bookkeeping
    assert.equal(await tableExists(pool, 'first_table'), false);
    assert.equal(await tableExists(pool, 'second_table'), false);
    assert.deepEqual(await recordedVersions(pool), []);

    // and once fixed, the whole run applies
    const fixed = await migrationsOf({ ...files, '002_broken.sql': 'CREATE TABLE second_table (id int);' });
    assert.deepEqual((await migrate(pool, fixed)).applied, [1, 2]);
  });

  it('leaves earlier runs in place when a later run fails', async () => {
    const { pool } = await freshDatabase();
    const first = { '001_users.sql': 'CREATE TABLE users (id int);' };
    await migrate(pool, await migrationsOf(first));
    const next = await migrationsOf({
      ...first,
      '002_orders.sql': 'CREATE TABLE orders (id int);',
      '003_broken.sql': 'THIS IS NOT SQL;',
    });
    await assertMigrationError(migrate(pool, next), /migration 3 \(broken\) failed/);
    assert.equal(await tableExists(pool, 'users'), true);
    assert.equal(await tableExists(pool, 'orders'), false);
    assert.deepEqual(await recordedVersions(pool), [1]);
  });

  it('applies each migration exactly once when five instances migrate at the same time', async () => {
    // given five service instances, each with its own pool, starting together
    const { url } = await freshDatabase();
    const instances = Array.from({ length: 5 }, () => {
      const pool = createPool(url, { max: 1, applicationName: 'migrate-concurrent' });
      pools.push(pool);
      return pool;
    });
    // migrations that would fail or count twice if they ran twice
    const migrations = await migrationsOf({
      '001_counter.sql': 'CREATE TABLE runs (migration int NOT NULL);\nINSERT INTO runs VALUES (1);',
      '002_orders.sql': 'CREATE TABLE orders (id int);\nINSERT INTO runs VALUES (2);',
      '003_index.sql': 'CREATE INDEX orders_id ON orders (id);\nINSERT INTO runs VALUES (3);',
    });
    // when
    const results = await Promise.allSettled(instances.map((pool) => migrate(pool, migrations)));
    // then
    for (const result of results)
      assert.equal(result.status, 'fulfilled', String((result as PromiseRejectedResult).reason));
    const applied = results.flatMap((result) => (result.status === 'fulfilled' ? result.value.applied : []));
    assert.deepEqual(applied.sort(), [1, 2, 3]);
    const [pool] = instances;
    const runs = await pool!<{ migration: number }[]>`SELECT migration FROM runs ORDER BY migration`;
    assert.deepEqual(
      runs.map((row) => row.migration),
      [1, 2, 3],
    );
    assert.deepEqual(await recordedVersions(pool!), [1, 2, 3]);
  });
});

describe('ensureDatabase', () => {
  async function databaseCount(name: string): Promise<number> {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await admin<
        { count: number }[]
      >`SELECT count(*)::int AS count FROM pg_database WHERE datname = ${name}`;
      return row?.count ?? 0;
    } finally {
      await admin.end({ timeout: 5 });
    }
  }

  it('creates a database that does not exist and accepts one that does', async () => {
    const name = `${prefix}_ensure_once`;
    await ensureDatabase(serverUrl, name);
    await ensureDatabase(serverUrl, name);
    assert.equal(await databaseCount(name), 1);
  });

  it('lets five concurrent calls for the same new name all succeed', async () => {
    // given
    const name = `${prefix}_ensure_race`;
    // when
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => ensureDatabase(serverUrl, name)),
    );
    // then
    for (const result of results)
      assert.equal(result.status, 'fulfilled', String((result as PromiseRejectedResult).reason));
    assert.equal(await databaseCount(name), 1);
    const pool = createPool(databaseUrlFor(serverUrl, name), { max: 1 });
    pools.push(pool);
    const [row] = await pool<{ database: string }[]>`SELECT current_database() AS database`;
    assert.equal(row?.database, name);
  });

  it('refuses invalid database names before touching the server', async () => {
    const invalid = [
      '',
      'Orders',
      'orders-db',
      '1orders',
      'orders db',
      'orders"; DROP DATABASE postgres; --',
      'ordérs',
      'a'.repeat(64),
    ];
    for (const name of invalid) {
      await assert.rejects(
        ensureDatabase('postgres://nobody@127.0.0.1:1/postgres', name),
        /is not a valid database name/,
        name,
      );
    }
  });

  it('accepts a name of exactly 63 characters', async () => {
    const name = `${prefix}_${'x'.repeat(62 - prefix.length)}`;
    assert.equal(name.length, 63);
    await ensureDatabase(serverUrl, name);
    assert.equal(await databaseCount(name), 1);
  });
});
