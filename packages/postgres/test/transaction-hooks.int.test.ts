import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import {
  afterCommit,
  beforeCommit,
  createPool,
  databaseUrlFor,
  ensureDatabase,
  hasCommitHooks,
  type Pool,
  poolOf,
} from '../src/index.js';

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('hooks');
let db: Pool;

before(async () => {
  await ensureDatabase(serverUrl, `${prefix}_db`);
  db = createPool(databaseUrlFor(serverUrl, `${prefix}_db`), { max: 4 });
  await db`CREATE TABLE notes (body text NOT NULL)`;
});
after(async () => {
  await db?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

const notes = async () =>
  (await db<{ body: string }[]>`SELECT body FROM notes ORDER BY body`).map((row) => row.body);

describe('commit hooks of a pool', () => {
  it('runs before-commit work inside the transaction, in order, and after-commit effects once it committed', async () => {
    await db`TRUNCATE notes`;
    const events: string[] = [];
    await db.begin(async (tx) => {
      assert.ok(hasCommitHooks(tx));
      assert.equal(poolOf(tx), db);
      beforeCommit(tx, async () => {
        events.push('before 1');
        await tx`INSERT INTO notes VALUES ('a')`;
      });
      beforeCommit(tx, async () => {
        events.push('before 2');
        await tx`INSERT INTO notes VALUES ('b')`;
        beforeCommit(tx, async () => {
          events.push('registered by work');
          await tx`INSERT INTO notes VALUES ('c')`;
        });
      });
      afterCommit(tx, () => events.push('after'));
      events.push('body');
    });
    assert.deepEqual(events, ['body', 'before 1', 'before 2', 'registered by work', 'after']);
    assert.deepEqual(await notes(), ['a', 'b', 'c']);
  });

  it('skips both on a rollback, and a failing before-commit work rolls the whole transaction back', async () => {
    await db`TRUNCATE notes`;
    const effects: string[] = [];
    await assert.rejects(
      db.begin(async (tx) => {
        await tx`INSERT INTO notes VALUES ('body')`;
        beforeCommit(tx, async () => void effects.push('before'));
        afterCommit(tx, () => effects.push('after'));
        throw new Error('the body failed');
      }),
      /the body failed/,
    );
    assert.equal(effects.length, 0, 'no hook ran');
    await assert.rejects(
      db.begin(async (tx) => {
        await tx`INSERT INTO notes VALUES ('body')`;
        beforeCommit(tx, async () => {
          await tx`INSERT INTO notes VALUES ('work')`;
        });
        beforeCommit(tx, async () => {
          throw new Error('the work failed');
        });
        afterCommit(tx, () => effects.push('after'));
      }),
      /the work failed/,
    );
    assert.equal(effects.length, 0, 'no after-commit hook ran');
    assert.deepEqual(await notes(), []);
  });

  it('keeps the work of a released savepoint and drops that of one rolled back', async () => {
    await db`TRUNCATE notes`;
    const effects: string[] = [];
    await db.begin(async (tx) => {
      await tx.savepoint(async (kept) => {
        beforeCommit(kept, async () => {
          await tx`INSERT INTO notes VALUES ('kept')`;
        });
        afterCommit(kept, () => effects.push('kept'));
      });
      await tx
        .savepoint(async (dropped) => {
          beforeCommit(dropped, async () => {
            await tx`INSERT INTO notes VALUES ('dropped')`;
          });
          afterCommit(dropped, () => effects.push('dropped'));
          throw new Error('the savepoint failed');
        })
        .catch(() => {});
    });
    assert.deepEqual(effects, ['kept']);
    assert.deepEqual(await notes(), ['kept']);
  });
});
