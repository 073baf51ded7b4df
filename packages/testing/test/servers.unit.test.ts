import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort, redactUrl, skipUnless, unreachableBecause } from '../src/index.js';

describe('optional servers for suites', () => {
  let listening: Server;
  let openPort: number;
  let closedPort: number;
  before(async () => {
    listening = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    openPort = (listening.address() as { port: number }).port;
    closedPort = await freePort();
  });
  after(() => new Promise<void>((resolve) => listening.close(() => resolve())));

  it('given a port that accepts connections, when probed, then it is reachable', async () => {
    assert.equal(await unreachableBecause(`amqp://guest:guest@127.0.0.1:${openPort}`), undefined);
  });

  it('given nothing listening, when probed, then the reason is the connection error', async () => {
    assert.equal(await unreachableBecause(`redis://127.0.0.1:${closedPort}`), 'ECONNREFUSED');
  });

  it('given a missing broker on a laptop, when a suite asks, then it is skipped with where and how to start one', async () => {
    const reason = await skipUnless('rabbitmq', {
      TEST_AMQP_URL: `amqp://guest:secret@127.0.0.1:${closedPort}`,
    });
    assert.equal(typeof reason, 'string');
    assert.match(
      String(reason),
      /^needs RabbitMQ: not reachable at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    assert.match(String(reason), /rabbitmq-server -detached/);
    assert.doesNotMatch(String(reason), /secret/, 'no password in the output');
  });

  it('given a missing server on CI, when a suite asks, then it is not skipped (it runs and fails)', async () => {
    const env = { CI: 'true', TEST_REDIS_URL: `redis://127.0.0.1:${closedPort}` };
    assert.equal(await skipUnless('redis', env), false);
  });

  it('given a reachable server, when a suite asks, then it runs', async () => {
    assert.equal(await skipUnless('redis', { TEST_REDIS_URL: `redis://127.0.0.1:${openPort}` }), false);
  });

  it('redacts passwords and leaves other URLs alone', () => {
    assert.equal(redactUrl('postgres://u:pw@h:5/db'), 'postgres://u:***@h:5/db');
    assert.equal(redactUrl('not a url'), 'not a url');
  });
});
