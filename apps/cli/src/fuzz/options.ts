/** What `bazaar fuzz` was asked to do. */
export interface FuzzArgs {
  requests: number;
  /** A running system's gateway; without it the fuzzer starts a solo system of its own. */
  url?: string;
  seed: number;
  concurrency: number;
  timeoutMs: number;
}

export const FUZZ_USAGE =
  'bazaar fuzz [--requests N] [--url http://127.0.0.1:8080] [--seed N] [--concurrency N] [--timeout-ms N]';

const positiveInteger = (name: string, value: string | undefined): number => {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1)
    throw new RangeError(`--${name} must be a positive integer, got '${value ?? ''}'`);
  return number;
};

/**
 * Parses `--name value` and `--name=value`. `randomSeed` is used when no --seed is given (so a test can
 * pin it); the seed is any 32-bit integer.
 */
export function parseFuzzArgs(argv: readonly string[], randomSeed: () => number): FuzzArgs {
  const values = new Map<string, string>();
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new RangeError(`unexpected argument '${arg}'`);
    const [, name = '', inline] = match;
    if (!['requests', 'url', 'seed', 'concurrency', 'timeout-ms'].includes(name))
      throw new RangeError(`unknown option --${name}`);
    const value = inline ?? argv[++at];
    if (value === undefined) throw new RangeError(`--${name} needs a value`);
    values.set(name, value);
  }
  const url = values.get('url');
  if (url !== undefined && !/^https?:\/\/[^/]+/.test(url))
    throw new RangeError(`--url must be an http(s) URL, got '${url}'`);
  const seedText = values.get('seed');
  const seed = seedText === undefined ? randomSeed() : Number(seedText);
  if (!Number.isSafeInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32)
    throw new RangeError(`--seed must be a 32-bit integer, got '${seedText}'`);
  return {
    requests: values.has('requests') ? positiveInteger('requests', values.get('requests')) : 1_000,
    ...(url !== undefined ? { url: url.replace(/\/+$/, '') } : {}),
    seed: seed | 0,
    concurrency: values.has('concurrency') ? positiveInteger('concurrency', values.get('concurrency')) : 8,
    timeoutMs: values.has('timeout-ms') ? positiveInteger('timeout-ms', values.get('timeout-ms')) : 10_000,
  };
}
