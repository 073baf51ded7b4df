// What `npm start`, `npm run serve` and `npm run check-invariants` run: the compiled CLI
// (apps/cli/dist/main.js) in this process, rebuilt first if a source changed since the last build. When dist
// is current that check is a few dozen stat calls; esbuild is loaded only when there is something to build.
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build.mjs';

const rebuilt = await buildIfStale();
if (rebuilt.length > 0) process.stderr.write(`rebuilt ${rebuilt.join(', ')}\n`);
// Node 22.1 and later keep V8's compiled code of the bundle between starts (Node 20 has no such cache; the
// call is then skipped). A folder that cannot be written only means no cache.
module.enableCompileCache?.(fileURLToPath(new URL('../node_modules/.cache/node-compile', import.meta.url)));
// Stack traces then name the TypeScript file and line; set before the CLI's modules load.
process.setSourceMapsEnabled(true);
await import('../apps/cli/dist/main.js');
