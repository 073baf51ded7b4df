import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import { context, createServiceTracing, inSpan, ROOT_CONTEXT, type SpanView } from '@bazaar/tracing';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '../src/index.js';
import { operationName, statementText } from '../src/traced-statements.js';

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('tracedsql');
const tracing = createServiceTracing('statements', {});
let db: Pool;

before(async () => {
  await ensureDatabase(serverUrl, `${prefix}_db`);
  db = createPool(databaseUrlFor(serverUrl, `${prefix}_db`), { max: 4 });
  await db`CREATE TABLE things (id int PRIMARY KEY, secret text NOT NULL)`;
});
after(async () => {
  await db?.end();
  await tracing.shutdown();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

/** Runs `work` in a trace of its own and answers the spans the trace holds. */
async function traced(work: () => Promise<unknown>): Promise<SpanView[]> {
  const traceId = await context.with(tracing.bind(ROOT_CONTEXT), () =>
    inSpan('unit of work', {}, async (span) => {
      await work().catch(() => {});
      return span.spanContext().traceId;
    }),
  );
  return tracing.recent.find({ traceIds: [traceId] });
}

describe('a span per SQL statement', () => {
  it('given a trace, when statements run (alone and in a transaction), then each is one client span with its text and no values, nested under the transaction', async () => {
    const spans = await traced(async () => {
      const only = db`AND secret <> ${'hidden-b'}`; // a fragment: never sent on its own
      await db`INSERT INTO things ${db({ id: 1, secret: 'hidden-a' })}`;
      await db.begin(async (tx) => {
        await tx`SELECT id FROM things WHERE id = ${1} ${only}`;
        await tx`UPDATE things SET secret = ${'hidden-c'} WHERE id = ${1}`;
      });
    });
    const statements = spans.filter((span) => span.attributes['db.system.name'] === 'postgresql');
    const byName = (name: string) => statements.filter((span) => span.name === name);
    assert.equal(byName('INSERT').length, 1);
    assert.equal(byName('SELECT').length, 1, 'the fragment is part of the SELECT, not a span');
    assert.equal(byName('UPDATE').length, 1);
    const select = byName('SELECT')[0]!;
    assert.equal(select.kind, 'client');
    assert.equal(select.attributes['db.operation.name'], 'SELECT');
    assert.match(String(select.attributes['db.query.text']), /^SELECT id FROM things WHERE id = \$1 \$2$/);
    assert.equal(
      JSON.stringify(spans).includes('hidden-'),
      false,
      'no value reaches a span, not even a fragment’s',
    );
    const transaction = spans.find((span) => span.name === 'db transaction')!;
    assert.ok(transaction, 'the transaction has its span');
    for (const inside of [...byName('SELECT'), ...byName('UPDATE')])
      assert.equal(inside.parentSpanId, transaction.spanId, `${inside.name} is under the transaction`);
    assert.notEqual(byName('INSERT')[0]!.parentSpanId, transaction.spanId);
  });

  it('given a statement the server refuses, then its span says so, and the caller still gets the error', async () => {
    let refused: unknown;
    const spans = await traced(async () => {
      try {
        await db`INSERT INTO things (id, secret) VALUES (${1}, ${'duplicate'})`;
      } catch (error) {
        refused = error;
      }
    });
    assert.equal((refused as { code?: string }).code, '23505');
    const insert = spans.find((span) => span.name === 'INSERT')!;
    assert.equal(insert.status, 'error');
  });

  it('given no trace (a background poll), then statements record nothing', async () => {
    const before = tracing.recent.size;
    await context.with(tracing.bind(ROOT_CONTEXT), () => db`SELECT count(*) FROM things`);
    assert.equal(tracing.recent.size, before);
  });

  it('names the operation by its first keyword and numbers the values', () => {
    assert.equal(
      statementText(['SELECT *\n  FROM t WHERE a = ', ' AND b = ', '']),
      'SELECT * FROM t WHERE a = $1 AND b = $2',
    );
    assert.equal(operationName('with x as (select 1) select * from x'), 'WITH');
    assert.equal(operationName('  '), 'QUERY');
    assert.ok(statementText(`SELECT ${'x'.repeat(5_000)}`).length <= 1_001);
  });
});
