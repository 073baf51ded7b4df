import { setTimeout as sleep } from 'node:timers/promises';
import { ChildSystem } from '../child-system.js';
import { ArgsError } from '../load/args.js';
import { loadAndReport } from '../load/command.js';
import type { LoadReport } from '../load/report.js';
import { type OrderTracker, terminalOutput } from '../load/run.js';
import {
  type ChaosArgs,
  type ChaosOutcome,
  chaosPassed,
  type DisruptionResult,
  formatChaosOutcome,
  formatDisruption,
  parseChaosArgs,
  planDisruptions,
} from './plan.js';

const MIN_UPTIME_MS = 2_000;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * `bazaar chaos …`: a solo system of its own under open-loop load, SIGKILLed (and its database server or
 * broker restarted) at seeded random moments, restarted each time; then the invariants. Exit code 1 on a
 * lost or stuck order, a violated invariant, or a disruption that failed.
 */
export async function chaosCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parseChaosArgs(argv);
  const system = await ChildSystem.create('chaos', env);
  const output = terminalOutput();
  // Ctrl-C ends the run but not the clean-up: the system is stopped and its temp data removed.
  const interrupt = () => {
    output.line('interrupted: stopping the system…');
    void system
      .stop()
      .then(() => system.cleanUp(args.keep))
      .then((done) => output.line(done))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  try {
    if (args.restartPostgres) {
      const why = await system.whyNoPostgresRestart();
      if (why) throw new ArgsError(`--restart-postgres cannot work here: ${why}`);
    }
    if (args.restartBroker) {
      const why = system.whyNoBrokerRestart();
      if (why) throw new ArgsError(`--restart-broker cannot work here: ${why}`);
    }
    return await runChaos(args, system, output);
  } finally {
    process.off('SIGINT', interrupt);
    await system.stop();
    output.line(await system.cleanUp(args.keep));
  }
}

async function runChaos(
  args: ChaosArgs,
  system: ChildSystem,
  output: ReturnType<typeof terminalOutput>,
): Promise<number> {
  const plan = planDisruptions(args.load.seed, args.load.durationMs, {
    kills: args.kills,
    restartPostgres: args.restartPostgres,
    restartBroker: args.restartBroker,
  });
  output.line(
    `chaos: seed ${args.load.seed} (--seed ${args.load.seed} repeats this plan), ${system.describe()}`,
  );
  output.line(
    `plan: ${plan.map((d) => `${d.kind} at ${s(d.atMs)}`).join(', ') || 'no disruptions'} of a ${s(args.load.durationMs)} load`,
  );
  output.line(`system ready in ${s(await system.start())} (pid ${system.pid}, ${system.url})`);

  const results: DisruptionResult[] = [];
  let started: { tracker: OrderTracker; startedAt: number } | undefined;
  let loadFailed = false;
  const disruptions = (async () => {
    while (!started && !loadFailed) await sleep(20);
    if (!started) return;
    const { tracker, startedAt } = started;
    const settleWatches: Promise<void>[] = [];
    // A disruption whose moment passed while the system recovered from the last one waits until the
    // restarted system has worked for a while: a kill right at ready would only test the start.
    let recoveredAt = 0;
    for (const planned of plan) {
      const wait = Math.max(startedAt + planned.atMs, recoveredAt + MIN_UPTIME_MS) - performance.now();
      if (wait > 0) await sleep(wait);
      const at = performance.now();
      const inFlight = tracker.unsettled();
      const result: DisruptionResult = {
        kind: planned.kind,
        plannedAtMs: planned.atMs,
        atMs: at - startedAt,
        detail: '',
        inFlight: inFlight.length,
      };
      results.push(result);
      try {
        if (planned.kind === 'kill') {
          const pid = await system.kill();
          result.detail = `SIGKILL pid ${pid}`;
          output.line(
            `[${s(result.atMs)}] SIGKILL pid ${pid} (${inFlight.length} accepted orders in flight)`,
          );
          await system.start();
          result.readyAfterMs = performance.now() - at;
          result.detail += `, restarted as pid ${system.pid}`;
        } else {
          output.line(`[${s(result.atMs)}] ${planned.kind} (${inFlight.length} accepted orders in flight)…`);
          result.detail =
            planned.kind === 'restart-postgres'
              ? await system.restartPostgres()
              : await system.restartBroker();
          result.readyAfterMs = await system.waitReady(at);
        }
        output.line(
          `[${s(performance.now() - startedAt)}] ${result.detail}: ready after ${s(result.readyAfterMs)}`,
        );
        recoveredAt = performance.now();
      } catch (error) {
        result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
        output.line(`[${s(performance.now() - startedAt)}] ${planned.kind} failed: ${result.error}`);
        if (planned.kind === 'kill' && !(await system.ready())) break;
      }
      // In the background: when every order in flight at the disruption has settled.
      settleWatches.push(
        (async () => {
          const until = performance.now() + args.load.durationMs + args.load.deadlineMs;
          while (inFlight.some((id) => !tracker.isSettled(id)) && performance.now() < until) await sleep(100);
          if (inFlight.every((id) => tracker.isSettled(id)))
            result.inFlightSettledAfterMs = performance.now() - at;
        })(),
      );
    }
    await Promise.all(settleWatches);
  })();

  let report: LoadReport;
  try {
    report = await loadAndReport({ ...args.load, url: system.url }, system.admin, output, {
      pollMs: 250,
      onStart: (run) => {
        started = run;
      },
    });
  } catch (error) {
    loadFailed = true; // before the load began: the plan ends at once
    await disruptions;
    throw error;
  }
  await disruptions;

  // The invariants are meant for a quiet system: the load is over and its orders have settled (or the
  // deadline passed); they must hold now, or within the deadline as the last messages drain.
  const { checkInvariants, formatInvariants } = await import('../invariants.js');
  const checkedFrom = performance.now();
  const target = await system.invariantsTarget();
  let invariants = await checkInvariants(target.databaseServerUrl, target.prefix);
  const heldAtOnce = invariants.every((r) => r.ok);
  while (!invariants.every((r) => r.ok) && performance.now() - checkedFrom < args.load.deadlineMs) {
    await sleep(500);
    invariants = await checkInvariants(target.databaseServerUrl, target.prefix);
  }
  const invariantsOk = invariants.every((r) => r.ok);
  const storePending = invariants.find((r) => r.id === 1)?.counts.pending ?? 0;
  const outcome: ChaosOutcome = {
    accepted: report.accepted,
    confirmed: report.confirmed,
    cancelled: report.cancelled,
    lost: report.lost.length,
    stuck: Math.max(report.pending.length, storePending),
    invariantsOk,
    ...(invariantsOk ? { invariantsHeldAfterMs: heldAtOnce ? 0 : performance.now() - checkedFrom } : {}),
  };
  output.line('');
  output.line('invariants (DESIGN.md §6)');
  output.line(formatInvariants(invariants));
  output.line('');
  output.line(`what was done (seed ${args.load.seed}; times from the start of the load)`);
  for (const result of results) output.line(`  ${formatDisruption(result)}`);
  if (results.length === 0) output.line('  nothing');
  output.line('');
  output.line(formatChaosOutcome(outcome, results));
  return chaosPassed(outcome, results) ? 0 : 1;
}
