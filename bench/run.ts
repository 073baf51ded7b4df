/** `npm run bench`: every benchmark in turn, each printing its table with the baseline beside it. */
// The benchmarks that start the system run the compiled CLI, as `npm start` does: build it first if a source
// changed. (Run without `--conditions=bazaar-source`, the benchmarks' own imports load dist as well.)
const { buildIfStale } = await import('../scripts/build.mjs');
await buildIfStale();

const benches = [
  ['gateway token cache', () => import('./gateway-token-cache.bench.js')],
  ['gateway stack', () => import('./gateway-stack.bench.js')],
  ['solo start-up', () => import('./solo-startup.bench.js')],
  ['event store append', () => import('./event-store-append.bench.js')],
  ['event store read', () => import('./event-store-read.bench.js')],
  ['projection rebuild', () => import('./projection-rebuild.bench.js')],
  ['messaging throughput', () => import('./messaging-throughput.bench.js')],
  ['order fulfilment', () => import('./order-fulfilment.bench.js')],
  ['spike', () => import('./spike.bench.js')],
  ['cluster', () => import('./cluster.bench.js')],
] as const;

const only = process.argv[2];
for (const [name, load] of benches) {
  if (only && !name.includes(only)) continue;
  console.log(`\n### ${name}`);
  await (await load()).run();
}
