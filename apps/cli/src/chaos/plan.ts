import { parseArgs } from 'node:util';
import { ArgsError, LOAD_OPTIONS, type LoadArgs, loadArgsFrom, seededRandom } from '../load/args.js';

export type DisruptionKind = 'kill' | 'restart-postgres' | 'restart-broker';

export interface ChaosArgs {
  load: LoadArgs;
  kills: number;
  restartPostgres: boolean;
  restartBroker: boolean;
  /** Keep the data folder (embedded) or the databases (DATABASE_URL) afterwards. */
  keep: boolean;
}

export const CHAOS_DEFAULTS = { kills: 3, rate: 30, duration: '30s' };

/** `bazaar chaos [--kills 3] [--restart-postgres] [--restart-broker] [--rate 30] [--duration 30s] [--seed N] …`. */
export function parseChaosArgs(argv: readonly string[], randomSeed?: () => number): ChaosArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...LOAD_OPTIONS,
        kills: { type: 'string' },
        'restart-postgres': { type: 'boolean' },
        'restart-broker': { type: 'boolean' },
        keep: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ArgsError((error as Error).message);
  }
  if (values.url !== undefined)
    throw new ArgsError('chaos starts its own system; --url is for npm run load against a running one');
  const kills = values.kills === undefined ? CHAOS_DEFAULTS.kills : Number(values.kills);
  if (!Number.isInteger(kills) || kills < 0 || kills > 50)
    throw new ArgsError(`--kills must be an integer from 0 to 50, not '${String(values.kills)}'`);
  const load = loadArgsFrom(
    values as Record<string, string | undefined>,
    { rate: CHAOS_DEFAULTS.rate, duration: CHAOS_DEFAULTS.duration },
    randomSeed,
  );
  return {
    load,
    kills,
    restartPostgres: values['restart-postgres'] === true,
    restartBroker: values['restart-broker'] === true,
    keep: values.keep === true,
  };
}

export interface PlannedDisruption {
  kind: DisruptionKind;
  /** Ms after the load started. */
  atMs: number;
}

/**
 * The disruptions of a run at seeded random moments between 15 % and 85 % of the load: the same seed
 * gives the same plan. The moments are sorted; their kinds are shuffled among them.
 */
export function planDisruptions(
  seed: number,
  durationMs: number,
  counts: { kills: number; restartPostgres: boolean; restartBroker: boolean },
): PlannedDisruption[] {
  const random = seededRandom(seed ^ 0x5eed);
  const kinds: DisruptionKind[] = [
    ...Array.from({ length: counts.kills }, () => 'kill' as const),
    ...(counts.restartPostgres ? (['restart-postgres'] as const) : []),
    ...(counts.restartBroker ? (['restart-broker'] as const) : []),
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  const moments = kinds.map(() => Math.round(durationMs * (0.15 + 0.7 * random()))).sort((a, b) => a - b);
  return kinds.map((kind, index) => ({ kind, atMs: moments[index]! }));
}

/** What happened to one disruption. */
export interface DisruptionResult {
  kind: DisruptionKind;
  plannedAtMs: number;
  /** Ms after the load started (later than planned when the system was still recovering from the last). */
  atMs: number;
  detail: string;
  /** From the disruption until /health/ready answered 200 again. */
  readyAfterMs?: number;
  /** Accepted orders unsettled at the moment of the disruption. */
  inFlight: number;
  /** From the disruption until every one of them had settled; undefined if some never did. */
  inFlightSettledAfterMs?: number;
  error?: string;
}

export interface ChaosOutcome {
  accepted: number;
  confirmed: number;
  cancelled: Record<string, number>;
  /** Accepted and then neither in the read model nor found by GET. */
  lost: number;
  /** Orders still PENDING after the settle wait: the load's own ones, or any in the event store. */
  stuck: number;
  invariantsOk: boolean;
  /** From the end of the settle wait until every invariant held; undefined if they never did. */
  invariantsHeldAfterMs?: number;
}

const s = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);

export function formatDisruption(result: DisruptionResult): string {
  const late = result.atMs - result.plannedAtMs > 500 ? ` (planned ${s(result.plannedAtMs)})` : '';
  const parts = [
    `${s(result.atMs).padStart(7)}${late}  ${result.kind.padEnd(16)} ${result.detail}`,
    result.error
      ? `failed: ${result.error}`
      : `ready again after ${s(result.readyAfterMs)}; its ${result.inFlight} in-flight orders settled after ${s(result.inFlightSettledAfterMs)}`,
  ];
  return parts.join(' → ');
}

/** A chaos run passes when nothing was lost, nothing is stuck, every invariant held and every disruption worked. */
export function chaosPassed(outcome: ChaosOutcome, disruptions: readonly DisruptionResult[]): boolean {
  return (
    outcome.lost === 0 &&
    outcome.stuck === 0 &&
    outcome.invariantsOk &&
    disruptions.every((disruption) => !disruption.error)
  );
}

export function formatChaosOutcome(outcome: ChaosOutcome, disruptions: readonly DisruptionResult[]): string {
  const cancelled = Object.values(outcome.cancelled).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(outcome.cancelled)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const recoveries = disruptions
    .map((d, i) => `#${i + 1} ${d.kind} ${d.readyAfterMs === undefined ? 'never ready' : s(d.readyAfterMs)}`)
    .join(', ');
  return [
    `accepted=${outcome.accepted} confirmed=${outcome.confirmed} cancelled=${cancelled}${reasons ? ` (${reasons})` : ''}`,
    `lost=${outcome.lost} stuck=${outcome.stuck} invariants=${outcome.invariantsOk ? `ok (${outcome.invariantsHeldAfterMs ? `held ${s(outcome.invariantsHeldAfterMs)} after the orders settled` : 'held at the first check'})` : 'VIOLATED'}`,
    `recovery (until /health/ready 200): ${recoveries || 'no disruptions'}`,
    chaosPassed(outcome, disruptions) ? 'chaos: PASS' : 'chaos: FAIL',
  ].join('\n');
}
