import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ChaosOutcome,
  chaosPassed,
  type DisruptionResult,
  formatChaosOutcome,
  formatDisruption,
  parseChaosArgs,
  planDisruptions,
} from '../src/chaos/plan.js';
import { ArgsError } from '../src/load/args.js';

describe('parseChaosArgs', () => {
  it('given no options, when parsed, then 3 kills of a 30 s load at 30/s, no restarts', () => {
    const args = parseChaosArgs([], () => 5);
    assert.equal(args.kills, 3);
    assert.equal(args.load.rate, 30);
    assert.equal(args.load.durationMs, 30_000);
    assert.equal(args.load.seed, 5);
    assert.equal(args.restartPostgres, false);
    assert.equal(args.restartBroker, false);
  });

  it('given the restart flags, kills and load options, when parsed, then each is taken', () => {
    const args = parseChaosArgs([
      '--kills',
      '1',
      '--restart-postgres',
      '--restart-broker',
      '--rate',
      '10',
      '--duration',
      '15s',
      '--seed',
      '77',
    ]);
    assert.equal(args.kills, 1);
    assert.equal(args.restartPostgres, true);
    assert.equal(args.restartBroker, true);
    assert.equal(args.load.rate, 10);
    assert.equal(args.load.durationMs, 15_000);
    assert.equal(args.load.seed, 77);
  });

  it('given --url or a bad kill count, when parsed, then it is an ArgsError', () => {
    assert.throws(() => parseChaosArgs(['--url', 'http://x']), /starts its own system/);
    assert.throws(() => parseChaosArgs(['--kills', 'many']), ArgsError);
    assert.throws(() => parseChaosArgs(['--kills', '-1']), ArgsError);
  });
});

describe('planDisruptions', () => {
  const counts = { kills: 3, restartPostgres: true, restartBroker: false };

  it('given the same seed twice, when planned, then the plans are equal', () => {
    assert.deepEqual(planDisruptions(42, 30_000, counts), planDisruptions(42, 30_000, counts));
  });

  it('given another seed, when planned, then the moments differ', () => {
    assert.notDeepEqual(planDisruptions(42, 30_000, counts), planDisruptions(43, 30_000, counts));
  });

  it('given kills and a restart, when planned, then each comes once, sorted, within 15–85 % of the load', () => {
    for (let seed = 1; seed < 200; seed++) {
      const plan = planDisruptions(seed, 30_000, counts);
      assert.equal(plan.filter((d) => d.kind === 'kill').length, 3);
      assert.equal(plan.filter((d) => d.kind === 'restart-postgres').length, 1);
      assert.ok(plan.every((d) => d.atMs >= 4_500 && d.atMs <= 25_500));
      assert.deepEqual(
        plan.map((d) => d.atMs),
        [...plan.map((d) => d.atMs)].sort((a, b) => a - b),
      );
    }
  });

  it('given no disruptions, when planned, then the plan is empty', () => {
    assert.deepEqual(
      planDisruptions(1, 30_000, { kills: 0, restartPostgres: false, restartBroker: false }),
      [],
    );
  });
});

describe('the chaos verdict', () => {
  const outcome: ChaosOutcome = {
    accepted: 400,
    confirmed: 320,
    cancelled: { PAYMENT_DECLINED: 40, PAYMENT_TIMEOUT: 20 },
    lost: 0,
    stuck: 0,
    invariantsOk: true,
    invariantsHeldAfterMs: 0,
  };
  const kill: DisruptionResult = {
    kind: 'kill',
    plannedAtMs: 6_000,
    atMs: 6_010,
    detail: 'SIGKILL pid 10, restarted as pid 11',
    readyAfterMs: 2_800,
    inFlight: 12,
    inFlightSettledAfterMs: 10_800,
  };

  it('given nothing lost or stuck and the invariants held, when judged, then PASS with lost=0 stuck=0', () => {
    const text = formatChaosOutcome(outcome, [kill]);
    assert.match(text, /accepted=400 confirmed=320 cancelled=60 \(PAYMENT_DECLINED 40, PAYMENT_TIMEOUT 20\)/);
    assert.match(text, /lost=0 stuck=0 invariants=ok/);
    assert.match(text, /#1 kill 2\.8 s/);
    assert.match(text, /chaos: PASS$/);
    assert.equal(chaosPassed(outcome, [kill]), true);
  });

  it('given a stuck order, a violated invariant or a failed disruption, when judged, then FAIL', () => {
    assert.equal(chaosPassed({ ...outcome, stuck: 1 }, [kill]), false);
    assert.equal(chaosPassed({ ...outcome, lost: 1 }, [kill]), false);
    assert.equal(chaosPassed({ ...outcome, invariantsOk: false }, [kill]), false);
    assert.equal(chaosPassed(outcome, [{ ...kill, error: 'not ready' }]), false);
    assert.match(formatChaosOutcome({ ...outcome, invariantsOk: false }, [kill]), /invariants=VIOLATED/);
  });

  it('given a disruption, when formatted, then its time, what was done and the recovery are on one line', () => {
    assert.equal(
      formatDisruption(kill),
      '  6.0 s  kill             SIGKILL pid 10, restarted as pid 11 → ready again after 2.8 s; its 12 in-flight orders settled after 10.8 s',
    );
  });
});
