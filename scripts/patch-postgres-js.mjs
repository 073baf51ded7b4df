// postgres.js 3.4.9 (the latest release) crashes the whole process when a connection dies under a
// transaction or a reserved connection: the ROLLBACK that `sql.begin` sends after the failure is written,
// one event-loop turn later, to a socket that is already gone (TypeError on `null.write`, thrown from a
// setImmediate where nothing can catch it). It also leaves that deferred write armed after the close, so a
// connection reopened later never flushes again. Upstream: porsager/postgres issues #1154 and #1208, pull
// request #1209, not released. This applies the guard to the installed copy until a release has it; run by
// `postinstall`, idempotent, and it leaves a copy alone that no longer has the code it expects.
import { readFileSync, writeFileSync } from 'node:fs';

const MARKER = '/* bazaar: no write after close */';
const root = new URL('../node_modules/postgres/', import.meta.url);

const replacements = [
  [
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    [
      '  function nextWrite(fn) {',
      `    if (!socket) { ${MARKER}`,
      '      chunk = nextWriteTimer = null',
      "      const err = Errors.connection('CONNECTION_CLOSED', options, options)",
      '      query && queryError(query, err)',
      '      while (sent.length)',
      '        queryError(sent.shift(), err)',
      '      return true',
      '    }',
      '    const x = socket.write(chunk, fn)',
    ].join('\n'),
  ],
  [
    '    clearImmediate(nextWriteTimer)\n',
    '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n',
  ],
];

for (const build of ['src', 'cjs/src']) {
  const file = new URL(`${build}/connection.js`, root);
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    continue; // not installed (yet): nothing to patch
  }
  if (source.includes(MARKER)) continue;
  if (!replacements.every(([from]) => source.includes(from))) {
    console.warn(`patch-postgres-js: ${file.pathname} has changed; left as it is`);
    continue;
  }
  for (const [from, to] of replacements) source = source.replaceAll(from, to);
  writeFileSync(file, source);
}
