import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';

// The JavaScript each page makes a browser download (Brotli, as the gateway sends it), kept within the
// budget the README states. The test run builds dist first.
const DIST = new URL('../dist/', import.meta.url);
const BUDGET_BYTES = { shop: 20_000, ops: 45_000 };

/** The page's entry script and every chunk it imports, transitively. */
function scriptsOf(page: string): string[] {
  const html = readFileSync(new URL(`${page}.html`, DIST), 'utf8');
  const files = new Set([...html.matchAll(/src="\/assets\/([^"]+\.js)"/g)].map((match) => match[1]!));
  for (const file of files) {
    const code = readFileSync(new URL(`assets/${file}`, DIST), 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) files.add(match[1]!);
  }
  return [...files];
}

describe('the web pages’ weight', () => {
  for (const [page, budget] of Object.entries(BUDGET_BYTES)) {
    it(`sends ${page}'s JavaScript in at most ${budget / 1000} kB compressed`, () => {
      const scripts = scriptsOf(page);
      assert.ok(scripts.length >= 1);
      const bytes = scripts.reduce((sum, file) => sum + statSync(new URL(`assets/${file}.br`, DIST)).size, 0);
      assert.ok(
        bytes <= budget,
        `${page}: ${bytes} bytes of Brotli-compressed JavaScript (${scripts.join(', ')})`,
      );
    });
  }
});
