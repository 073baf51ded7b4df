import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ArgsError,
  DEFAULT_MIX,
  parseDuration,
  parseLoadArgs,
  parseMix,
  pickKind,
  seededRandom,
} from '../src/load/args.js';

describe('parseDuration', () => {
  it('given 60s, 2m, 1500ms, 1h and 1m30s, when parsed, then they are milliseconds', () => {
    assert.equal(parseDuration('60s'), 60_000);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('1500ms'), 1_500);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('0.5s'), 500);
  });

  it('given a bare number, when parsed, then it is seconds', () => {
    assert.equal(parseDuration('15'), 15_000);
  });

  it('given something that is not a duration, when parsed, then it is an ArgsError naming it', () => {
    for (const text of ['', 'soon', '10x', '5s then', 's', '-3s'])
      assert.throws(() => parseDuration(text), ArgsError, text);
  });
});

describe('parseMix', () => {
  it('given the four kinds with weights, when parsed, then each kind has its weight', () => {
    assert.deepEqual(parseMix('good=80,declined=10,timeout=5,aq=5'), DEFAULT_MIX);
  });

  it('given some kinds only, when parsed, then the others weigh 0', () => {
    assert.deepEqual(parseMix('good=1, aq=1'), { good: 1, declined: 0, timeout: 0, aq: 1 });
  });

  it('given an unknown kind, a repeated kind, a bad entry or no positive weight, when parsed, then it is an ArgsError', () => {
    assert.throws(() => parseMix('good=80,fraud=20'), /unknown order kind 'fraud'/);
    assert.throws(() => parseMix('good=1,good=2'), /twice/);
    assert.throws(() => parseMix('good'), /kind=weight/);
    assert.throws(() => parseMix('good=0,aq=0'), /no positive weight/);
  });
});

describe('pickKind', () => {
  it('given the default mix, when many uniform values are picked, then the shares follow the weights', () => {
    const random = seededRandom(42);
    const counts = { good: 0, declined: 0, timeout: 0, aq: 0 };
    for (let i = 0; i < 20_000; i++) counts[pickKind(DEFAULT_MIX, random())]++;
    assert.ok(Math.abs(counts.good / 20_000 - 0.8) < 0.02, JSON.stringify(counts));
    assert.ok(Math.abs(counts.aq / 20_000 - 0.05) < 0.01, JSON.stringify(counts));
  });

  it('given a kind of weight 0, when values at its edges are picked, then it never comes', () => {
    const mix = { good: 1, declined: 0, timeout: 0, aq: 1 };
    assert.equal(pickKind(mix, 0), 'good');
    assert.equal(pickKind(mix, 0.4999), 'good');
    assert.equal(pickKind(mix, 0.5), 'aq');
    assert.equal(pickKind(mix, 0.99999), 'aq');
  });
});

describe('seededRandom', () => {
  it('given the same seed twice, when drawn, then the sequences are equal and in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = Array.from({ length: 100 }, () => a());
    assert.deepEqual(
      first,
      Array.from({ length: 100 }, () => b()),
    );
    assert.ok(first.every((value) => value >= 0 && value < 1));
    assert.notDeepEqual(first.slice(0, 5), [seededRandom(8)(), 0, 0, 0, 0]);
  });
});

describe('parseLoadArgs', () => {
  it('given no options, when parsed, then the defaults hold (a deadline long enough for PAYMENT_TIMEOUT)', () => {
    const args = parseLoadArgs([], () => 123);
    assert.deepEqual(args, {
      url: 'http://127.0.0.1:8080',
      rate: 100,
      durationMs: 60_000,
      mix: DEFAULT_MIX,
      buyers: 20,
      deadlineMs: 30_000,
      seed: 123,
    });
    assert.ok(args.deadlineMs > 2 * 5_000, 'two payment timeouts of 5 s fit in the deadline');
  });

  it('given every option, when parsed, then each is taken', () => {
    const args = parseLoadArgs([
      '--rate',
      '50',
      '--duration',
      '2m',
      '--mix',
      'good=1',
      '--url',
      'http://localhost:9000/',
      '--buyers',
      '3',
      '--deadline',
      '45s',
      '--seed',
      '9',
    ]);
    assert.deepEqual(args, {
      url: 'http://localhost:9000',
      rate: 50,
      durationMs: 120_000,
      mix: { good: 1, declined: 0, timeout: 0, aq: 0 },
      buyers: 3,
      deadlineMs: 45_000,
      seed: 9,
    });
  });

  it('given an unknown option, a bad rate or a bad url, when parsed, then it is an ArgsError', () => {
    assert.throws(() => parseLoadArgs(['--speed', '3']), ArgsError);
    assert.throws(() => parseLoadArgs(['--rate', 'fast']), /--rate must be a positive number/);
    assert.throws(() => parseLoadArgs(['--rate', '0']), ArgsError);
    assert.throws(() => parseLoadArgs(['--buyers', '2.5']), /integer/);
    assert.throws(() => parseLoadArgs(['--url', 'localhost:8080']), /--url/);
  });
});
