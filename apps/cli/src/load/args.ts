import { parseArgs } from 'node:util';

/** A bad command line: the CLI prints the message and the usage, and exits 2. */
export class ArgsError extends Error {
  override readonly name = 'ArgsError';
}

/** What an order of the load is made to do: each kind is one path of the saga. */
export const ORDER_KINDS = ['good', 'declined', 'timeout', 'aq'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** The test card and shipping country of each kind (services/payment/src/domain/card-provider.ts). */
export const ORDER_KIND_PAYLOAD: Record<OrderKind, { card: string; country: string; expect: string }> = {
  good: { card: '4242424242424242', country: 'DE', expect: 'CONFIRMED' },
  declined: { card: '4000000000000002', country: 'DE', expect: 'PAYMENT_DECLINED' },
  timeout: { card: '4000000000000341', country: 'DE', expect: 'PAYMENT_TIMEOUT' },
  aq: { card: '4242424242424242', country: 'AQ', expect: 'SHIPPING_UNAVAILABLE' },
};

export type Mix = Record<OrderKind, number>;

export const DEFAULT_MIX: Mix = { good: 80, declined: 10, timeout: 5, aq: 5 };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `1500ms`, `60s`, `2m`, `1h`, `1m30s`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed)
    throw new ArgsError(`'${text}' is not a duration (examples: 500ms, 60s, 2m, 1m30s)`);
  return Math.round(parts.reduce((sum, part) => sum + Number(part[1]) * UNITS[part[2]!]!, 0));
}

/**
 * `good=80,declined=10,timeout=5,aq=5` → weights per kind. Kinds left out weigh 0; the weights are relative
 * (they need not add up to 100) and at least one must be positive.
 */
export function parseMix(text: string): Mix {
  const mix: Mix = { good: 0, declined: 0, timeout: 0, aq: 0 };
  const seen = new Set<string>();
  for (const entry of text.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(entry);
    if (!match) throw new ArgsError(`mix entry '${entry}' is not kind=weight`);
    const [, kind, weight] = match as unknown as [string, string, string];
    if (!(ORDER_KINDS as readonly string[]).includes(kind))
      throw new ArgsError(`unknown order kind '${kind}' in the mix (kinds: ${ORDER_KINDS.join(', ')})`);
    if (seen.has(kind)) throw new ArgsError(`order kind '${kind}' appears twice in the mix`);
    seen.add(kind);
    mix[kind as OrderKind] = Number(weight);
  }
  if (ORDER_KINDS.every((kind) => mix[kind] === 0)) throw new ArgsError('the mix has no positive weight');
  return mix;
}

export function formatMix(mix: Mix): string {
  return ORDER_KINDS.filter((kind) => mix[kind] > 0)
    .map((kind) => `${kind}=${mix[kind]}`)
    .join(',');
}

/** The kind whose share of the weights `unit` (in [0, 1)) falls into. */
export function pickKind(mix: Mix, unit: number): OrderKind {
  const total = ORDER_KINDS.reduce((sum, kind) => sum + mix[kind], 0);
  let threshold = unit * total;
  for (const kind of ORDER_KINDS) {
    if (mix[kind] <= 0) continue;
    if (threshold < mix[kind]) return kind;
    threshold -= mix[kind];
  }
  return [...ORDER_KINDS].reverse().find((kind) => mix[kind] > 0)!;
}

/** A small seeded generator (mulberry32): the same seed gives the same run. Values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface LoadArgs {
  url: string;
  rate: number;
  durationMs: number;
  mix: Mix;
  buyers: number;
  deadlineMs: number;
  seed: number;
}

export const LOAD_DEFAULTS = {
  url: 'http://127.0.0.1:8080',
  rate: 100,
  duration: '60s',
  buyers: 20,
  // An order paid with the timeout card takes PAYMENT_TIMEOUT_MS × 2 tries (10 s by default) to cancel,
  // plus its compensation: 30 s leaves room for that and for a queue that built up under load.
  deadline: '30s',
};

function positiveNumber(name: string, text: string, integer = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new ArgsError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, not '${text}'`);
  return value;
}

export const LOAD_OPTIONS = {
  url: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  mix: { type: 'string' },
  buyers: { type: 'string' },
  deadline: { type: 'string' },
  seed: { type: 'string' },
} as const;

/** Reads the load options out of values parsed by node:util's parseArgs (shared with the chaos command). */
export function loadArgsFrom(
  values: Partial<Record<keyof typeof LOAD_OPTIONS, string | undefined>>,
  defaults: { rate: number; duration: string } = LOAD_DEFAULTS,
  randomSeed: () => number = () => Math.floor(Math.random() * 1_000_000),
): LoadArgs {
  const url = values.url ?? LOAD_DEFAULTS.url;
  if (!/^https?:\/\/[^/]+/.test(url)) throw new ArgsError(`--url must be an http(s) URL, not '${url}'`);
  const durationMs = parseDuration(values.duration ?? defaults.duration);
  if (durationMs <= 0) throw new ArgsError('--duration must be positive');
  return {
    url: url.replace(/\/+$/, ''),
    rate: values.rate === undefined ? defaults.rate : positiveNumber('rate', values.rate),
    durationMs,
    mix: values.mix === undefined ? { ...DEFAULT_MIX } : parseMix(values.mix),
    buyers:
      values.buyers === undefined ? LOAD_DEFAULTS.buyers : positiveNumber('buyers', values.buyers, true),
    deadlineMs: parseDuration(values.deadline ?? LOAD_DEFAULTS.deadline),
    seed: values.seed === undefined ? randomSeed() : positiveNumber('seed', values.seed, true),
  };
}

/** `bazaar load [--rate N] [--duration 60s] [--mix …] [--url …] [--buyers N] [--deadline 30s] [--seed N]`. */
export function parseLoadArgs(argv: readonly string[], randomSeed?: () => number): LoadArgs {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: LOAD_OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ArgsError((error as Error).message);
  }
  return loadArgsFrom(values, LOAD_DEFAULTS, randomSeed);
}

export const LOAD_USAGE = `bazaar load [--rate 100] [--duration 60s] [--mix good=80,declined=10,timeout=5,aq=5]
            [--url http://127.0.0.1:8080] [--buyers 20] [--deadline 30s] [--seed N]
            open-loop order load against a running Bazaar (ADMIN_EMAIL/ADMIN_PASSWORD: its admin, to restock)`;
