import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucketize,
  formatCounts,
  formatHistogram,
  formatMs,
  formatProgress,
  formatSummary,
  type LoadReport,
  loadPassed,
} from '../src/load/report.js';

const report = (overrides: Partial<LoadReport> = {}): LoadReport => ({
  target: { rate: 50, durationMs: 20_000 },
  sendSpanMs: 20_000,
  sent: 1000,
  accepted: 998,
  confirmed: 800,
  cancelled: { PAYMENT_DECLINED: 100, PAYMENT_TIMEOUT: 49, SHIPPING_UNAVAILABLE: 49 },
  errors: { '503 service-unavailable': 1, 'transport ECONNREFUSED': 1 },
  lost: [],
  pending: [],
  readModelBehind: 0,
  deadlineMs: 30_000,
  settledAfterMs: 10_400,
  byKind: { 'good (expect CONFIRMED)': { CONFIRMED: 800 } },
  latenciesMs: [5, 10, 20],
  ...overrides,
});

describe('bucketize', () => {
  it('given latencies on and around bucket bounds, when bucketized, then each lands in [from, to)', () => {
    const buckets = bucketize([0.5, 1, 1.9, 2, 999, 1000, 60_000]);
    const count = (from: number) => buckets.find((bucket) => bucket.from === from)!.count;
    assert.equal(count(0), 1);
    assert.equal(count(1), 2);
    assert.equal(count(2), 1);
    assert.equal(count(500), 1);
    assert.equal(count(1000), 1);
    assert.equal(buckets.at(-1)!.to, Number.POSITIVE_INFINITY);
    assert.equal(buckets.at(-1)!.count, 1);
    assert.equal(
      buckets.reduce((sum, bucket) => sum + bucket.count, 0),
      7,
    );
  });
});

describe('formatHistogram', () => {
  it('given latencies, when formatted, then only the buckets from the first to the last non-empty show, the fullest with the full bar', () => {
    const text = formatHistogram([12, 13, 14, 15, 150], 10);
    const lines = text.split('\n');
    assert.match(lines[0]!, /10ms–20ms │█{10}\s+4\s+80\.0%/);
    assert.match(lines[1]!, /20ms–50ms │\s+0/);
    assert.match(lines[3]!, /100ms–200ms │█{3}\s+1\s+20\.0%/);
    assert.equal(lines.length, 5);
    assert.match(lines[4]!, /p50 14ms .* max 150ms +\(n=5\)/);
  });

  it('given no latencies, when formatted, then it says so', () => {
    assert.equal(formatHistogram([]), '  (no requests)');
  });
});

describe('formatMs', () => {
  it('given small, medium and large latencies, when formatted, then the unit fits', () => {
    assert.equal(formatMs(3.14), '3.1ms');
    assert.equal(formatMs(123.4), '123ms');
    assert.equal(formatMs(1234), '1.23s');
    assert.equal(formatMs(12_345), '12.3s');
    assert.equal(formatMs(Number.NaN), '–');
  });
});

describe('formatCounts', () => {
  it('given counts, when formatted, then the largest come first and zeros are left out', () => {
    assert.equal(formatCounts({ b: 1, a: 3, c: 0, d: 1 }), 'a 3, b 1, d 1');
  });
});

describe('formatProgress', () => {
  it('given a snapshot, when formatted, then sent, accepted, outcomes, errors and percentiles are on one line', () => {
    const line = formatProgress({
      elapsedMs: 12_300,
      sent: 600,
      accepted: 598,
      confirmed: 480,
      cancelled: { PAYMENT_DECLINED: 60, SHIPPING_UNAVAILABLE: 30 },
      errors: 2,
      p50Ms: 12,
      p99Ms: 80,
    });
    assert.equal(
      line,
      '[ 12s] sent 600 accepted 598 confirmed 480 cancelled 90 (PAYMENT_DECLINED 60, SHIPPING_UNAVAILABLE 30) errors 2 p50 12ms p99 80ms',
    );
    assert.doesNotMatch(line, /\n/);
  });

  it('given the settling phase, when formatted, then the pending count leads', () => {
    const line = formatProgress({
      elapsedMs: 25_000,
      sent: 1,
      accepted: 1,
      confirmed: 0,
      cancelled: {},
      errors: 0,
      p50Ms: 1,
      p99Ms: 1,
      settling: { pending: 1 },
    });
    assert.match(line, /^\[ 25s\] settling: 1 pending; sent 1 .* cancelled 0 errors 0/);
  });
});

describe('formatSummary and loadPassed', () => {
  it('given a clean run, when summarised, then rates, outcomes, errors by kind and PASS are shown', () => {
    const text = formatSummary(report());
    assert.match(
      text,
      /sent +1000 in 20\.0 s: 50\.0\/s achieved, 49\.9\/s accepted \(target 50\/s for 20 s\)/,
    );
    assert.match(text, /cancelled 198: PAYMENT_DECLINED 100, PAYMENT_TIMEOUT 49, SHIPPING_UNAVAILABLE 49/);
    assert.match(text, /errors +2: 503 service-unavailable 1, transport ECONNREFUSED 1/);
    assert.match(text, /lost +0\n/);
    assert.match(text, /pending +0 past the 30 s deadline/);
    assert.match(text, /settled +all 10\.4 s after the load ended/);
    assert.match(text, /result +PASS/);
    assert.equal(loadPassed(report()), true);
  });

  it('given a lost order, when summarised, then it is named and the run fails', () => {
    const failed = report({ lost: ['o-1'], settledAfterMs: undefined });
    assert.match(formatSummary(failed), /lost +1: o-1/);
    assert.match(formatSummary(failed), /result +FAIL/);
    assert.equal(loadPassed(failed), false);
  });

  it('given an order pending past the deadline, when judged, then the run fails', () => {
    assert.equal(loadPassed(report({ pending: ['o-2'] })), false);
  });
});
