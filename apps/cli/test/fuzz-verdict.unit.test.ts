import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFuzzArgs } from '../src/fuzz/options.js';
import type { FuzzRequest } from '../src/fuzz/requests.js';
import { formatFailure, formatTally, tally } from '../src/fuzz/summary.js';
import { judge, type Outcome } from '../src/fuzz/verdict.js';

const problem = (status: number): Outcome => ({
  kind: 'response',
  status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  body: JSON.stringify({ type: 'urn:bazaar:problem:x', title: 'X', status }),
  ms: 3,
});

const request: FuzzRequest = {
  operationId: 'getOrder',
  caller: 'customer',
  kind: 'path:raw',
  method: 'GET',
  path: '/api/orders/%zz',
  headers: { authorization: 'Bearer t' },
};

describe('judging an answer', () => {
  it('given a 2xx or a 4xx problem, when judged, then it is fine', () => {
    assert.equal(judge({ kind: 'response', status: 200, headers: {}, body: '{}', ms: 1 }), undefined);
    assert.equal(judge(problem(404)), undefined);
    assert.equal(judge(problem(400)), undefined);
  });

  it('given any 5xx, 503 and 504 included, when judged, then it is a failure', () => {
    for (const status of [500, 502, 503, 504]) assert.match(judge(problem(status)) ?? '', /server error/);
  });

  it('given a 4xx that is not a problem, when judged, then it is a failure', () => {
    assert.match(
      judge({
        kind: 'response',
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: '{}',
        ms: 1,
      }) ?? '',
      /not application\/problem\+json/,
    );
    assert.match(
      judge({ kind: 'response', status: 431, headers: {}, body: '', ms: 1 }) ?? '',
      /not application\/problem\+json/,
    );
    assert.match(judge({ ...problem(400), body: 'oops' } as Outcome) ?? '', /not JSON/);
    assert.match(
      judge({ ...problem(400), body: '{"status":400}' } as Outcome) ?? '',
      /without type and title/,
    );
    assert.match(
      judge({ ...problem(401), body: JSON.stringify({ type: 't', title: 't', status: 400 }) } as Outcome) ??
        '',
      /says status 400/,
    );
  });

  it('given a timeout or a broken connection, when judged, then it is a failure', () => {
    assert.match(judge({ kind: 'timeout', ms: 10_000 }) ?? '', /no answer within 10000 ms/);
    assert.match(
      judge({ kind: 'error', code: 'ECONNRESET', message: 'socket hang up', ms: 2 }) ?? '',
      /ECONNRESET/,
    );
  });
});

describe('the summary', () => {
  it('given answers of several classes, when tallied, then each operation has its counts and the total row adds up', () => {
    const counts = tally([
      { request, outcome: problem(400) },
      { request, outcome: problem(400) },
      {
        request: { ...request, operationId: 'listProducts' },
        outcome: { kind: 'response', status: 200, headers: {}, body: '', ms: 1 },
      },
      { request, outcome: { kind: 'timeout', ms: 1 } },
    ]);
    assert.deepEqual(counts.get('getOrder'), { '4xx': 2, timeout: 1 });
    const table = formatTally(counts);
    assert.match(table, /^operation\s+2xx\s+4xx\s+timeout\s+total$/m);
    assert.match(table, /^all\s+1\s+2\s+1\s+4$/m);
  });

  it('given a failure, when it is printed, then method, path, headers, body and the answer are in it', () => {
    const text = formatFailure({
      index: 7,
      request: { ...request, body: 'x'.repeat(1_000) },
      outcome: problem(500),
      reason: 'server error 500',
    });
    assert.match(text, /FAIL #7 server error 500/);
    assert.match(text, /GET \/api\/orders\/%zz/);
    assert.match(text, /authorization: Bearer t/);
    assert.match(text, /\(1000 characters\)/);
    assert.match(text, /response: 500 application\/problem\+json/);
  });
});

describe('command-line options', () => {
  it('given both spellings of options, when parsed, then the values are taken', () => {
    assert.deepEqual(
      parseFuzzArgs(['--requests=300', '--url', 'http://127.0.0.1:8080/', '--seed', '-5'], () => 1),
      {
        requests: 300,
        url: 'http://127.0.0.1:8080',
        seed: -5,
        concurrency: 8,
        timeoutMs: 10_000,
      },
    );
  });

  it('given no seed, when parsed, then a random one is drawn', () => {
    assert.equal(parseFuzzArgs([], () => 77).seed, 77);
    assert.equal(parseFuzzArgs([], () => 77).requests, 1_000);
  });

  it('given a wrong option or value, when parsed, then it is refused with a message naming it', () => {
    assert.throws(() => parseFuzzArgs(['--requests', '0'], () => 1), /--requests must be a positive integer/);
    assert.throws(() => parseFuzzArgs(['--bogus', '1'], () => 1), /unknown option --bogus/);
    assert.throws(() => parseFuzzArgs(['--url', 'ftp://x'], () => 1), /--url must be/);
    assert.throws(() => parseFuzzArgs(['--seed'], () => 1), /--seed needs a value/);
  });
});
