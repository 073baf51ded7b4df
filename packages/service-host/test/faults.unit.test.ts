import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemError } from '@bazaar/problem';
import { Registry } from 'prom-client';
import {
  checkFaultSpec,
  createFaultInjector,
  type FaultSpec,
  faultsEnabled,
  InjectedFaultError,
  MAX_FAULTS,
} from '../src/faults.js';

/** An injector on a clock and a dice the test sets. */
function injector(options: { random?: () => number } = {}) {
  const clock = { now: Date.parse('2025-01-01T00:00:00Z') };
  const metrics = new Registry();
  const faults = createFaultInjector({
    service: 'catalog',
    metrics,
    now: () => clock.now,
    random: options.random ?? (() => 0),
  });
  return { faults, clock, metrics };
}

const outage: FaultSpec = { kind: 'outage', target: 'http' };

describe('fault matching', () => {
  it('given no fault, then requests and messages are left alone', () => {
    const { faults } = injector();
    assert.equal(faults.http('/api/products'), undefined);
    assert.equal(faults.messages(3), undefined);
  });

  it('given an HTTP outage, then every answer is a 503 fault-injected problem without Retry-After', () => {
    const { faults } = injector();
    const fault = faults.add(outage);
    const decision = faults.http('/api/products/1');
    assert.ok(decision?.failure instanceof ProblemError);
    assert.equal(decision.failure.status, 503);
    assert.equal(decision.failure.type, 'urn:bazaar:problem:fault-injected');
    assert.equal(decision.failure.extensions.faultId, fault.id);
    assert.deepEqual(decision.failure.headers, {});
    assert.equal(decision.delayMs, 0);
  });

  it('given any fault, then liveness, readiness, metrics and the fault routes themselves are exempt', () => {
    const { faults } = injector();
    faults.add(outage);
    faults.add({ kind: 'latency', target: 'http', latencyMs: 100 });
    for (const path of [
      '/health/live',
      '/health/ready',
      '/health',
      '/metrics',
      '/api/admin/faults/catalog',
      '/api/admin/faults/catalog/x',
    ])
      assert.equal(faults.http(path), undefined, path);
    assert.ok(faults.http('/api/admin/faultsy'), 'a prefix of a word is not the fault routes');
    assert.ok(faults.http('/openapi.json'));
  });

  it('given an outage on messages only, then HTTP is untouched and every message of a batch fails', () => {
    const { faults } = injector();
    faults.add({ kind: 'outage', target: 'messages' });
    assert.equal(faults.http('/api/products'), undefined);
    const decision = faults.messages(3);
    assert.equal(decision?.failures.length, 3);
    assert.ok(decision?.failures.every((failure) => failure instanceof InjectedFaultError));
  });

  it('given target both (the default), then HTTP and messages are affected', () => {
    const { faults } = injector();
    const fault = faults.add({ kind: 'outage' });
    assert.equal(fault.target, 'both');
    assert.ok(faults.http('/api/products')?.failure);
    assert.ok(faults.messages(1)?.failures[0]);
  });

  it('given a path prefix, then only that path and those below it are affected, on segment boundaries', () => {
    const { faults } = injector();
    faults.add({ kind: 'outage', target: 'http', pathPrefix: '/api/products' });
    assert.ok(faults.http('/api/products')?.failure);
    assert.ok(faults.http('/api/products/42')?.failure);
    assert.equal(faults.http('/api/productsearch'), undefined);
    assert.equal(faults.http('/api/orders'), undefined);
  });

  it('given an error rate, then a request fails when the dice falls below it, with the given status', () => {
    let roll = 0.3;
    const { faults } = injector({ random: () => roll });
    faults.add({ kind: 'error', target: 'http', status: 500, rate: 0.5 });
    assert.equal(faults.http('/api/products')?.failure?.status, 500);
    roll = 0.7;
    assert.equal(faults.http('/api/products'), undefined);
  });

  it('given an error without status or rate, then every request fails with 503', () => {
    const { faults } = injector({ random: () => 0.999 });
    faults.add({ kind: 'error', target: 'http' });
    assert.equal(faults.http('/x')?.failure?.status, 503);
  });

  it('given an error rate per message, then each message of a batch rolls its own dice', () => {
    const rolls = [0.1, 0.9, 0.2];
    const { faults } = injector({ random: () => rolls.shift() ?? 1 });
    faults.add({ kind: 'error', target: 'messages', rate: 0.5 });
    const failed = faults.messages(3)?.failures.map((failure) => failure !== undefined);
    assert.deepEqual(failed, [true, false, true]);
  });

  it('given latency with jitter, then the delay is at least latencyMs and at most latencyMs + jitterMs', () => {
    let roll = 0;
    const { faults } = injector({ random: () => roll });
    faults.add({ kind: 'latency', target: 'both', latencyMs: 200, jitterMs: 100 });
    assert.deepEqual(faults.http('/api/products'), { delayMs: 200, failure: undefined });
    roll = 0.9999;
    assert.equal(faults.http('/api/products')?.delayMs, 300);
    assert.equal(faults.messages(5)?.delayMs, 300, 'one wait per batch, not per message');
    assert.deepEqual(faults.messages(2)?.failures, [undefined, undefined]);
  });

  it('given latency and an error together, then the answer is late and fails; latencies add up', () => {
    const { faults } = injector();
    faults.add({ kind: 'latency', target: 'http', latencyMs: 50 });
    faults.add({ kind: 'latency', target: 'http', latencyMs: 70 });
    faults.add({ kind: 'error', target: 'http', status: 502 });
    const decision = faults.http('/api/products');
    assert.equal(decision?.delayMs, 120);
    assert.equal(decision?.failure?.status, 502);
  });

  it('given faults that struck, then each counts its strikes and the metric counts them by kind and target', async () => {
    const { faults, metrics } = injector();
    const fault = faults.add({ kind: 'outage' });
    faults.http('/a');
    faults.messages(4);
    assert.equal(faults.get(fault.id)?.injected, 5);
    const text = await metrics.metrics();
    assert.match(text, /faults_injected_total\{kind="outage",target="http"\} 1/);
    assert.match(text, /faults_injected_total\{kind="outage",target="messages"\} 4/);
  });
});

describe('fault expiry and bookkeeping', () => {
  it('given a duration, when it has passed, then the fault is gone and heals the service by itself', () => {
    const { faults, clock } = injector();
    const fault = faults.add({ ...outage, durationSeconds: 60 });
    assert.equal(fault.expiresAt, '2025-01-01T00:01:00.000Z');
    clock.now += 59_999;
    assert.ok(faults.http('/api/products')?.failure);
    clock.now += 1;
    assert.equal(faults.http('/api/products'), undefined);
    assert.deepEqual(faults.list(), []);
    assert.equal(faults.get(fault.id), undefined);
  });

  it('given no duration, then the fault never expires', () => {
    const { faults, clock } = injector();
    assert.equal(faults.add(outage).expiresAt, null);
    clock.now += 365 * 86_400_000;
    assert.equal(faults.list().length, 1);
  });

  it('given PUT with an id, then it creates, then replaces (count and expiry start again)', () => {
    const { faults, clock } = injector();
    const first = faults.put('catalog-down', { ...outage, durationSeconds: 10 });
    assert.equal(first.created, true);
    faults.http('/x');
    clock.now += 5_000;
    const second = faults.put('catalog-down', { kind: 'latency', target: 'http', latencyMs: 10 });
    assert.equal(second.created, false);
    assert.equal(second.fault.kind, 'latency');
    assert.equal(second.fault.injected, 0);
    assert.equal(second.fault.expiresAt, null);
    assert.deepEqual(
      faults.list().map((fault) => fault.id),
      ['catalog-down'],
    );
  });

  it('given faults, when one is removed or all are cleared, then they stop striking', () => {
    const { faults } = injector();
    const a = faults.add(outage);
    faults.add({ kind: 'outage', target: 'messages' });
    assert.equal(faults.remove(a.id), true);
    assert.equal(faults.remove(a.id), false);
    assert.equal(faults.http('/x'), undefined);
    assert.equal(faults.clear(), 1);
    assert.equal(faults.messages(1), undefined);
  });

  it(`given ${MAX_FAULTS} faults, then another is refused with 409, but replacing one is not`, () => {
    const { faults } = injector();
    for (let index = 0; index < MAX_FAULTS; index++) faults.put(`f${index}`, outage);
    assert.throws(() => faults.add(outage), { status: 409, slug: 'too-many-faults' });
    assert.throws(() => faults.put('another', outage), { status: 409 });
    assert.equal(faults.put('f3', outage).created, false);
  });

  it('given an unscoped HTTP outage, then readiness fails; scoped, on messages, or latency, it does not', async () => {
    const { faults } = injector();
    faults.add({ kind: 'outage', target: 'http', pathPrefix: '/api/products' });
    faults.add({ kind: 'outage', target: 'messages' });
    faults.add({ kind: 'latency', target: 'both', latencyMs: 5 });
    faults.add({ kind: 'error', target: 'http' });
    await faults.readiness.check();
    const down = faults.add({ kind: 'outage', target: 'both' });
    await assert.rejects(faults.readiness.check(), new RegExp(down.id));
  });
});

describe('fault validation', () => {
  it('given fields that do not belong to the kind or target, then each is named by its pointer', () => {
    assert.deepEqual(checkFaultSpec({ kind: 'latency', target: 'http' }), [
      { pointer: '/latencyMs', detail: "'latencyMs' is required for a latency fault" },
    ]);
    assert.deepEqual(
      checkFaultSpec({ kind: 'outage', target: 'messages', rate: 0.5, status: 500, pathPrefix: '/a' }).map(
        (error) => error.pointer,
      ),
      ['/status', '/rate', '/pathPrefix'],
    );
    assert.deepEqual(
      checkFaultSpec({ kind: 'error', latencyMs: 5, jitterMs: 1 }).map((error) => error.pointer),
      ['/latencyMs', '/jitterMs'],
    );
    assert.deepEqual(checkFaultSpec({ kind: 'latency', latencyMs: 5, jitterMs: 1, pathPrefix: '/a' }), []);
  });

  it('given an invalid spec, then adding it is a 400 validation problem and nothing is stored', () => {
    const { faults } = injector();
    assert.throws(() => faults.add({ kind: 'latency', target: 'http' }), { status: 400, slug: 'validation' });
    assert.deepEqual(faults.list(), []);
  });

  it('given FAULTS_ENABLED, then only true (or 1) enables faults, and nonsense stops the start', () => {
    assert.equal(faultsEnabled({}), false);
    assert.equal(faultsEnabled({ FAULTS_ENABLED: 'false' }), false);
    assert.equal(faultsEnabled({ FAULTS_ENABLED: 'true' }), true);
    assert.equal(faultsEnabled({ FAULTS_ENABLED: '1' }), true);
    assert.throws(() => faultsEnabled({ FAULTS_ENABLED: 'yes' }), /FAULTS_ENABLED/);
  });
});
