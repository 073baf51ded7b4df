import { ConfigError } from '@bazaar/config';
import { type LoadArgs, parseLoadArgs } from './args.js';
import { httpClient } from './http-client.js';
import { formatHistogram, formatSummary, type LoadReport, loadPassed } from './report.js';
import { type LoadOutput, runLoad, terminalOutput } from './run.js';

/** The admin the load restocks with: ADMIN_EMAIL (default admin@bazaar.local) and ADMIN_PASSWORD. */
export function adminFromEnv(env: NodeJS.ProcessEnv = process.env): { email: string; password: string } {
  const password = env.ADMIN_PASSWORD;
  if (!password)
    throw new ConfigError([
      'ADMIN_PASSWORD: not set; the load logs in as the admin (ADMIN_EMAIL, default admin@bazaar.local) to ' +
        'restock the products it orders. Set it to the password the system was started with (or that its ' +
        "first start logged as 'created the admin account').",
    ]);
  return { email: env.ADMIN_EMAIL ?? 'admin@bazaar.local', password };
}

/** Runs one load with its report printed: the histogram, then the summary. */
export async function loadAndReport(
  args: LoadArgs,
  admin: { email: string; password: string },
  output: LoadOutput = terminalOutput(),
  hooks: Pick<Parameters<typeof runLoad>[0], 'onStart' | 'pollMs'> = {},
): Promise<LoadReport> {
  const client = httpClient(args.url, { timeoutMs: 15_000 });
  try {
    const report = await runLoad({ ...args, ...hooks, admin, client, output });
    output.line('');
    output.line('POST /api/orders latency (from the intended send time)');
    output.line(formatHistogram(report.latenciesMs));
    output.line('');
    output.line(formatSummary(report));
    return report;
  } finally {
    await client.close();
  }
}

/** `bazaar load …`: exit code 1 when an accepted order was lost or is still pending past the deadline. */
export async function loadCommand(argv: readonly string[]): Promise<number> {
  const args = parseLoadArgs(argv);
  const admin = adminFromEnv();
  try {
    const health = await fetch(`${args.url}/health/ready`);
    if (health.status !== 200) throw new Error(`/health/ready answered ${health.status}`);
  } catch (error) {
    const { message, cause } = error as { message: string; cause?: { code?: string } };
    process.stderr.write(
      `no Bazaar ready at ${args.url}: ${cause?.code ?? message} (start one with npm start)\n`,
    );
    return 1;
  }
  const report = await loadAndReport(args, admin);
  return loadPassed(report) ? 0 : 1;
}
