import { parseArgs } from 'node:util';
import { ArgsError } from '../load/args.js';

/** Every process of a cluster, in the order they start: a service starts once what it calls is ready. */
export const START_PHASES = [
  ['identity', 'catalog'],
  ['inventory', 'payment', 'shipping', 'notification', 'analytics', 'ordering'],
  ['gateway'],
] as const;
export type ClusterService = (typeof START_PHASES)[number][number];
export const CLUSTER_SERVICES: readonly ClusterService[] = START_PHASES.flat();

/** More would only compete for the same cores and database connections on one machine. */
export const MAX_INSTANCES = 8;

export type ClusterArgs =
  | {
      command: 'run';
      instances: Record<ClusterService, number>;
      transport: 'postgres' | 'rabbitmq' | undefined;
    }
  | { command: 'restart'; services: readonly ClusterService[] }
  | { command: 'status' };

const isService = (name: string): name is ClusterService => (CLUSTER_SERVICES as string[]).includes(name);

/** `ordering=2,gateway=2` → instances per service, 1 for every service left out. */
export function parseInstances(text: string): Record<ClusterService, number> {
  const instances = Object.fromEntries(CLUSTER_SERVICES.map((name) => [name, 1])) as Record<
    ClusterService,
    number
  >;
  for (const entry of text.split(',').filter((part) => part.trim() !== '')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/.exec(entry);
    if (!match) throw new ArgsError(`--instances: '${entry}' is not service=count (example: ordering=2)`);
    const [, name, count] = match as unknown as [string, string, string];
    if (!isService(name))
      throw new ArgsError(`--instances: unknown service '${name}' (one of ${CLUSTER_SERVICES.join(', ')})`);
    const value = Number(count);
    if (value < 1 || value > MAX_INSTANCES)
      throw new ArgsError(`--instances: ${name}=${count} is not between 1 and ${MAX_INSTANCES}`);
    instances[name] = value;
  }
  return instances;
}

/** `cluster [--instances …] [--transport …]`, `cluster restart <service…|all>`, `cluster status`. */
export function parseClusterArgs(argv: readonly string[]): ClusterArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  const options = {
    instances: { type: 'string', default: '' },
    transport: { type: 'string' },
  } as const;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true });
  } catch (error) {
    throw new ArgsError((error as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  if (command === 'status') {
    if (rest.length > 0) throw new ArgsError(`cluster status takes no arguments (got ${rest.join(' ')})`);
    return { command: 'status' };
  }
  if (command === 'restart') {
    if (rest.length === 0) throw new ArgsError('cluster restart: name a service, several, or all');
    if (rest.includes('all')) return { command: 'restart', services: CLUSTER_SERVICES };
    for (const name of rest)
      if (!isService(name))
        throw new ArgsError(
          `cluster restart: unknown service '${name}' (one of ${CLUSTER_SERVICES.join(', ')}, all)`,
        );
    return { command: 'restart', services: rest as ClusterService[] };
  }
  if (command !== undefined) throw new ArgsError(`cluster: unknown command '${command}'`);
  const transport = parsed.values.transport;
  if (transport !== undefined && transport !== 'postgres' && transport !== 'rabbitmq')
    throw new ArgsError(`--transport: '${transport}' is not postgres or rabbitmq`);
  return { command: 'run', instances: parseInstances(parsed.values.instances), transport };
}
