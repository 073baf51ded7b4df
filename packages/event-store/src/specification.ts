import assert from 'node:assert/strict';
import type postgres from 'postgres';
import { type Decider, type DomainEvent, fold } from './aggregate.js';
import { applyEvents, type ProjectionDefinition, type TableNames } from './projections.js';
import type { StoredEvent } from './types.js';

/**
 * Given / when / then for deciders: given these past events, when this command, then these new events
 * or this error. Pure: no database.
 */
export function deciderSpecification<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, fold(decider, decider.initialState, events));
          return {
            // Not `then`: an object with a `then` method is a thenable, and `await` would call it.
            thenEvents(expected: readonly Event[]) {
              assert.deepStrictEqual(run(), expected);
            },
            /** The command is refused: `check` gets the error and returns true when it is the right one. */
            thenThrows(check: (error: unknown) => boolean) {
              assert.throws(run, (error: unknown) => check(error));
            },
          };
        },
        /** The state the events fold into. */
        thenState(expected: State) {
          assert.deepStrictEqual(fold(decider, decider.initialState, events), expected);
        },
      };
    },
  };
}

let fakePosition = 0;

/** Wraps domain events as stored ones, numbered per stream, for projection specs. */
export function storedEvents(
  streamId: string,
  events: readonly DomainEvent[],
  recordedAt = new Date(),
): StoredEvent[] {
  return events.map((event, index) => ({
    id: crypto.randomUUID(),
    streamId,
    version: index + 1,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: {},
    recordedAt,
    globalPosition: { transactionId: '1', position: ++fakePosition },
  }));
}

/**
 * Given / then for projections, on a real database: given these events, then `query` over the
 * projection's tables returns these rows. Runs in a transaction that is rolled back, leaving nothing.
 *
 * A batch projection (`handleBatch`) is checked twice, each time from empty tables: with all the events in
 * one batch, and with each event in a batch of its own. Both must give the expected rows, so folding a
 * batch per key gives what applying the events one by one gives.
 */
export function projectionSpecification(db: postgres.Sql, projection: ProjectionDefinition) {
  return {
    given(events: readonly StoredEvent[]) {
      return {
        async thenRows<Row>(
          query: (tx: postgres.TransactionSql, tables: TableNames) => Promise<Row[]>,
          expected: Row[],
        ) {
          const splits: { label: string; batches: (readonly StoredEvent[])[] }[] = projection.handleBatch
            ? [
                { label: 'as one batch', batches: [events] },
                { label: 'one event per batch', batches: events.map((event) => [event]) },
              ]
            : [{ label: 'one event at a time', batches: [events] }];
          for (const { label, batches } of splits) {
            const rollback = new Error('rollback');
            const tables = Object.fromEntries(
              projection.tables.map((table) => [table, `spec_${table}_${process.pid}`]),
            );
            await db
              .begin(async (tx) => {
                await projection.create(tx, tables);
                for (const batch of batches) await applyEvents(projection, tx, batch, tables);
                // Rows from the driver carry its own prototype; compare their fields.
                const rows = (await query(tx, tables)).map((row) =>
                  row && typeof row === 'object' ? { ...row } : row,
                );
                assert.deepStrictEqual(rows, expected, `${projection.name}, events applied ${label}`);
                throw rollback;
              })
              .catch((error) => {
                if (error !== rollback) throw error;
              });
          }
        },
      };
    },
  };
}
