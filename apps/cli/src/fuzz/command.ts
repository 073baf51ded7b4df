import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@bazaar/config';
import { ChildSystem } from '../child-system.js';
import { InvariantsConfig } from '../config.js';
import { checkInvariants, formatInvariants, type InvariantResult } from '../invariants.js';
import { type FuzzArgs, parseFuzzArgs } from './options.js';
import { runFuzz } from './run.js';
import { formatFailure, formatTally } from './summary.js';

const write = (line: string) => process.stdout.write(`${line}\n`);

/** The invariants, asked again until they hold or `withinMs` passed (sagas the run started settle first). */
async function settledInvariants(target: { databaseServerUrl: string; prefix: string }, withinMs: number) {
  const startedAt = performance.now();
  let results: InvariantResult[] = await checkInvariants(target.databaseServerUrl, target.prefix);
  while (!results.every((result) => result.ok) && performance.now() - startedAt < withinMs) {
    await sleep(500);
    results = await checkInvariants(target.databaseServerUrl, target.prefix);
  }
  return results;
}

/**
 * `bazaar fuzz`: fuzzes the gateway at --url, or a solo system it starts (and removes) itself; then
 * /health/ready must be 200 and the invariants must hold. Exit code 1 on any failure.
 */
export async function fuzzCommand(argv: readonly string[]): Promise<number> {
  let args: FuzzArgs;
  try {
    args = parseFuzzArgs(argv, () => randomInt(2 ** 31));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  let solo: ChildSystem | undefined;
  try {
    let url = args.url;
    let admin: { email: string; password: string } | undefined;
    let target: { databaseServerUrl: string; prefix: string } | undefined;
    if (url) {
      const password = process.env.ADMIN_PASSWORD;
      if (password) admin = { email: process.env.ADMIN_EMAIL ?? 'admin@bazaar.local', password };
      else write('ADMIN_PASSWORD is not set: fuzzing without the admin caller');
      const config = loadConfig(InvariantsConfig);
      if (config.DATABASE_URL)
        target = { databaseServerUrl: config.DATABASE_URL, prefix: config.BAZAAR_DB_PREFIX };
    } else {
      solo = await ChildSystem.create('fuzz');
      write(`starting a system of its own: ${solo.describe()}…`);
      await solo.start();
      url = solo.url;
      admin = solo.admin;
      target = await solo.invariantsTarget();
    }
    write(`seed ${args.seed} (again with --seed ${args.seed})`);
    const result = await runFuzz({
      url,
      requests: args.requests,
      seed: args.seed,
      concurrency: args.concurrency,
      timeoutMs: args.timeoutMs,
      ...(admin ? { admin } : {}),
      log: write,
    });
    write('');
    write(formatTally(result.tally));
    write('');
    const healthy = result.readyStatus === 200;
    write(`GET /health/ready after the run: ${result.readyStatus || 'no answer'}`);
    let invariantsOk = true;
    if (target) {
      const invariants = await settledInvariants(target, 60_000);
      invariantsOk = invariants.every((invariant) => invariant.ok);
      write(formatInvariants(invariants));
    } else {
      write('invariants not checked (set DATABASE_URL, and BAZAAR_DB_PREFIX, to check them)');
    }
    write('');
    write(
      `${result.requests} requests to ${result.operations} operations in ${(result.durationMs / 1000).toFixed(1)} s, ` +
        `${result.failures.length} failures, seed ${result.seed}`,
    );
    if (result.failures.length > 0) {
      write('failures (again with --seed to reproduce):');
      for (const failure of result.failures.slice(0, 20)) write(formatFailure(failure));
      if (result.failures.length > 20) write(`… and ${result.failures.length - 20} more`);
    }
    const ok = result.failures.length === 0 && healthy && invariantsOk;
    write(ok ? 'fuzz: OK' : 'fuzz: FAILED');
    return ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(
      `fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    if (solo) process.stderr.write(`solo output:\n${solo.output().slice(-4_000)}\n`);
    return 1;
  } finally {
    if (solo) {
      await solo.stop();
      await solo.cleanUp(false);
    }
  }
}
