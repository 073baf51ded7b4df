import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLUSTER_SERVICES, parseClusterArgs, parseInstances, START_PHASES } from '../src/cluster/args.js';
import { ArgsError } from '../src/load/args.js';

describe('cluster command line', () => {
  it('given no arguments, when parsed, then every service runs once on the configured transport', () => {
    const args = parseClusterArgs([]);
    assert.equal(args.command, 'run');
    if (args.command !== 'run') return;
    assert.equal(args.transport, undefined);
    for (const service of CLUSTER_SERVICES) assert.equal(args.instances[service], 1);
  });

  it('given --instances and --transport, when parsed, then the named services get their counts', () => {
    const args = parseClusterArgs(['--instances', 'ordering=2, gateway=3', '--transport', 'rabbitmq']);
    assert.deepEqual(
      args.command === 'run' && [
        args.instances.ordering,
        args.instances.gateway,
        args.instances.catalog,
        args.transport,
      ],
      [2, 3, 1, 'rabbitmq'],
    );
  });

  it('given a bad count, an unknown service or a bad transport, when parsed, then the error names it', () => {
    assert.throws(() => parseInstances('ordering=0'), /ordering=0 is not between 1 and 8/);
    assert.throws(() => parseInstances('ordering=9'), ArgsError);
    assert.throws(() => parseInstances('orders=2'), /unknown service 'orders'/);
    assert.throws(() => parseInstances('ordering'), /'ordering' is not service=count/);
    assert.throws(() => parseClusterArgs(['--transport', 'kafka']), /'kafka' is not postgres or rabbitmq/);
    assert.throws(() => parseClusterArgs(['--replicas', '2']), ArgsError);
  });

  it('given restart with services or all, when parsed, then those services are named; without one it is refused', () => {
    assert.deepEqual(parseClusterArgs(['restart', 'catalog', 'gateway']), {
      command: 'restart',
      services: ['catalog', 'gateway'],
    });
    assert.deepEqual(parseClusterArgs(['restart', 'all']), {
      command: 'restart',
      services: CLUSTER_SERVICES,
    });
    assert.throws(() => parseClusterArgs(['restart']), /name a service/);
    assert.throws(() => parseClusterArgs(['restart', 'billing']), /unknown service 'billing'/);
    assert.deepEqual(parseClusterArgs(['status']), { command: 'status' });
    assert.throws(() => parseClusterArgs(['deploy']), /unknown command 'deploy'/);
  });

  it('starts what a service calls before it: identity and catalog first, the gateway last', () => {
    const phaseOf = (service: string) =>
      START_PHASES.findIndex((phase) => (phase as readonly string[]).includes(service));
    assert.ok(phaseOf('catalog') < phaseOf('ordering'), 'ordering prices orders at catalog');
    assert.ok(phaseOf('identity') < phaseOf('ordering'));
    for (const service of CLUSTER_SERVICES)
      if (service !== 'gateway')
        assert.ok(phaseOf(service) < phaseOf('gateway'), `${service} before the gateway`);
    assert.equal(new Set(CLUSTER_SERVICES).size, CLUSTER_SERVICES.length);
    assert.equal(CLUSTER_SERVICES.length, 9);
  });
});
