import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Parser } from '@asyncapi/parser';
import { ASYNCAPI_FILE, CONTRACT_FILE, generateSchemaTypes, SCHEMA_FILE } from '../tools/generate.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const bin = (name: string) => `${ROOT}node_modules/.bin/${name}`;
const contract = fileURLToPath(CONTRACT_FILE);

async function run(command: string, args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(command, args, { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the committed contract, as the field’s linters see it', () => {
  it('passes Redocly CLI (recommended rules, redocly.yaml) with no error and no warning', async () => {
    const result = await run(bin('redocly'), [
      'lint',
      contract,
      '--config',
      'redocly.yaml',
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    const found = report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`);
    assert.deepEqual(
      report.totals,
      { ...report.totals, errors: 0, warnings: 0 },
      found.slice(0, 20).join('\n'),
    );
    assert.equal(result.code, 0);
  });

  it('passes Spectral (spectral:oas, .spectral.yaml) with nothing at any severity', async () => {
    const result = await run(bin('spectral'), [
      'lint',
      contract,
      '--ruleset',
      '.spectral.yaml',
      '--fail-severity',
      'hint',
      '--format',
      'json',
      '--quiet',
    ]);
    const results = JSON.parse(result.stdout.trim() || '[]') as { code: string; message: string }[];
    assert.deepEqual(
      results.map((entry) => `${entry.code}: ${entry.message}`),
      [],
    );
    assert.equal(result.code, 0);
  });

  it('has an AsyncAPI document that @asyncapi/parser parses with no error and no warning', async () => {
    const { document, diagnostics } = await new Parser().parse(await readFile(ASYNCAPI_FILE, 'utf8'));
    // Severity 0 is an error, 1 a warning; 2 and 3 are information and hints.
    const serious = diagnostics.filter((diagnostic) => diagnostic.severity <= 1);
    assert.deepEqual(
      serious.map(
        (diagnostic) => `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.path.join('.')}`,
      ),
      [],
    );
    assert.ok(document);
  });

  it('has its typed client generated from it (npm run contract regenerates src/schema.ts)', async () => {
    assert.equal(
      await readFile(SCHEMA_FILE, 'utf8'),
      await generateSchemaTypes(),
      'packages/client/src/schema.ts is not what the contract generates: run `npm run contract`',
    );
  });

  it('names every operation once, with a summary, a description and a defined tag', async () => {
    const document = JSON.parse(await readFile(CONTRACT_FILE, 'utf8')) as {
      tags: { name: string }[];
      paths: Record<string, Record<string, { operationId: string; summary: string; tags: string[] }>>;
    };
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((operation) => operation.operationId);
    assert.equal(new Set(ids).size, ids.length);
    const tags = new Set(document.tags.map((tag) => tag.name));
    for (const operation of operations) assert.ok(tags.has(operation.tags[0]!), operation.operationId);
    assert.ok(ids.includes('placeOrder') && ids.includes('listProducts'));
  });
});
