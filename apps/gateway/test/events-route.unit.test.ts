import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeByPublishedAt } from '../src/admin/events-route.js';

const message = (outboxId: number, publishedAt: string) => ({
  outboxId,
  topic: 't',
  publishedAt: `2030-01-01T00:00:${publishedAt}Z`,
  id: `m-${outboxId}`,
  type: 'x',
  source: '/s',
  time: '2030-01-01T00:00:00.000Z',
  data: null,
  dataTruncated: false,
});

describe('merging the services’ published messages into one tail', () => {
  it('orders by publishedAt across services and names each service’s last message taken', () => {
    const lists = new Map([
      ['ordering', [message(1, '01.000'), message(2, '03.000')]],
      ['payment', [message(7, '02.000')]],
      ['shipping', []],
    ]);
    const { events, lastTaken } = mergeByPublishedAt(lists, 10);
    assert.deepEqual(
      events.map(({ service, message }) => `${service}:${message.outboxId}`),
      ['ordering:1', 'payment:7', 'ordering:2'],
    );
    assert.deepEqual(Object.fromEntries(lastTaken), { ordering: 2, payment: 7 });
  });

  it('takes a prefix of each service’s list when the limit cuts, even if its own times are out of order', () => {
    // Outbox 2 was marked published after outbox 3 (batches in flight): the tail keeps the outbox order, so
    // continuing after the last one taken skips nothing.
    const lists = new Map([
      ['ordering', [message(1, '01.000'), message(2, '05.000'), message(3, '04.000')]],
      ['payment', [message(9, '04.500')]],
    ]);
    const { events, lastTaken } = mergeByPublishedAt(lists, 2);
    assert.deepEqual(
      events.map(({ service, message }) => `${service}:${message.outboxId}`),
      ['ordering:1', 'payment:9'],
    );
    assert.deepEqual(Object.fromEntries(lastTaken), { ordering: 1, payment: 9 });
  });
});
