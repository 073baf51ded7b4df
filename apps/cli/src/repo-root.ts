import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the folder with scripts/cli.mjs above this module (source or bundle). */
export function repoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts', 'cli.mjs'))) return dir;
    if (dirname(dir) === dir) throw new Error('cannot find scripts/cli.mjs above the CLI');
  }
}
