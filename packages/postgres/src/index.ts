export { connect, connectionOptions } from './connection-url.js';
export { databaseUrlFor, dropDatabase, ensureDatabase, ensureDatabases } from './databases.js';
export { decideLockedBatch } from './decide-locked-batch.js';
export { EmbeddedCluster, type EmbeddedClusterOptions } from './embedded-cluster.js';
export { loadMigrations, type Migration, MigrationError, migrate } from './migrate.js';
export { createPool, type Pool, type PoolOptions, type Sql } from './pool.js';
export { afterCommit, beforeCommit, hasCommitHooks, poolOf, withCommitHooks } from './transaction-hooks.js';
export { channelKey, coalescedNotify, localWakeups } from './wake-ups.js';
