import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionOptions } from '../src/connection-url.js';

describe('connection URLs', () => {
  it('reads a Unix socket the way libpq names it: the host parameter is a folder, the port names the file', () => {
    assert.deepEqual(connectionOptions('postgres://u:p%40ss@localhost:6543/shop?host=%2Fsrv%2Fpg%2Fsocket'), {
      url: 'postgres://u:p%40ss@localhost:6543/shop',
      path: '/srv/pg/socket/.s.PGSQL.6543',
    });
  });

  it('uses port 5432 for the socket file when the URL names none', () => {
    assert.equal(
      connectionOptions('postgres://u@localhost/shop?host=/run/postgresql/').path,
      '/run/postgresql/.s.PGSQL.5432',
    );
  });

  it('leaves TCP URLs, and a host parameter that is no folder, as they are', () => {
    for (const url of [
      'postgres://u@127.0.0.1:5432/shop',
      'postgres://u@db/shop?host=db.internal&sslmode=require',
    ])
      assert.deepEqual(connectionOptions(url), { url });
  });
});
