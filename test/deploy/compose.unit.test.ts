// deploy/compose.yaml offline: the Compose specification's JSON schema (Ajv) and Bazaar's invariants.
// No container engine is involved: the stack is never started here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ComposeFile,
  composeProblems,
  composeSchemaValidator,
  credentialProblems,
  dependencyCycle,
  durationSeconds,
  loadCompose,
} from './support/compose.js';
import { noProblems } from './support/problems.js';

const validate = composeSchemaValidator();
const fixture = (): ComposeFile => structuredClone(loadCompose());
const serviceOf = (compose: ComposeFile, name: string) => {
  const found = compose.services[name];
  assert.ok(found, `no compose service ${name}`);
  return found;
};
const envOf = (compose: ComposeFile, name: string) =>
  serviceOf(compose, name).environment as Record<string, string>;

describe('deploy/compose.yaml checked offline', () => {
  it('given the compose file, when validated against the Compose specification schema, then it is valid', () => {
    noProblems(validate(loadCompose()));
  });

  it('given the compose file, when checked, then every service runs once, only the gateway publishes a port, the order is acyclic and healthy-gated, and every required variable is set with a valid value', () => {
    noProblems(composeProblems(loadCompose()));
  });

  it("given the compose file, when the URLs are compared with the backing services' settings, then hosts and credentials match", () => {
    noProblems(credentialProblems(loadCompose()));
  });

  it('given the dependency graph, when walked, then identity and catalog come before ordering and everything before the gateway', () => {
    const compose = loadCompose();
    assert.equal(dependencyCycle(compose), undefined);
    const ordering = Object.keys(serviceOf(compose, 'ordering').depends_on ?? {});
    assert.ok(ordering.includes('identity') && ordering.includes('catalog'), ordering.join(', '));
    const gateway = Object.keys(serviceOf(compose, 'gateway').depends_on ?? {});
    for (const name of [
      'identity',
      'catalog',
      'inventory',
      'payment',
      'shipping',
      'ordering',
      'notification',
      'analytics',
    ])
      assert.ok(gateway.includes(name), `gateway does not wait for ${name}`);
  });

  it('given the backing services, when inspected, then postgres 16, rabbitmq 3-management and redis 7 each have their healthcheck', () => {
    const compose = loadCompose();
    const expected: [string, string, string][] = [
      ['postgres', 'postgres:16', 'pg_isready'],
      ['rabbitmq', 'rabbitmq:3-management', 'rabbitmq-diagnostics -q ping'],
      ['redis', 'redis:7', 'redis-cli ping'],
    ];
    for (const [name, image, check] of expected) {
      const service = serviceOf(compose, name);
      assert.equal(service.image, image);
      const test = service.healthcheck?.test;
      assert.ok((Array.isArray(test) ? test.join(' ') : String(test)).includes(check), `${name}: ${test}`);
    }
  });
});

describe('deploy/compose.yaml checks: each reports what it is there to catch', () => {
  it('given ports as a number and an unknown service key, when validated, then the Compose schema refuses both', () => {
    const compose = fixture() as unknown as { services: Record<string, Record<string, unknown>> };
    const gateway = compose.services.gateway;
    assert.ok(gateway);
    gateway.ports = 8080;
    gateway.helthcheck = {};
    const problems = validate(compose);
    assert.ok(problems.includes('/services/gateway/ports must be array'), problems.join('\n'));
    assert.ok(
      problems.includes('/services/gateway must NOT have additional properties (helthcheck)'),
      problems.join('\n'),
    );
  });

  it('given a cycle through depends_on, when checked, then the cycle is named', () => {
    const compose = fixture();
    serviceOf(compose, 'identity').depends_on = { gateway: { condition: 'service_healthy' } };
    const cycle = dependencyCycle(compose);
    assert.ok(cycle && cycle[0] === cycle.at(-1), String(cycle));
    assert.ok(composeProblems(compose).some((p) => p.startsWith('depends_on has a cycle: ')));
  });

  it('given payment not waiting for postgres, when checked, then it is reported', () => {
    const compose = fixture();
    serviceOf(compose, 'payment').depends_on = { rabbitmq: { condition: 'service_healthy' } };
    const problems = composeProblems(compose);
    assert.ok(
      problems.includes('payment: owns a database but does not wait for postgres to be healthy'),
      problems.join('\n'),
    );
    assert.ok(
      problems.includes('payment: does not wait (even through others) for postgres'),
      problems.join('\n'),
    );
  });

  it('given catalog publishing a port, a service started without a healthy condition, and ordering not waiting for catalog, when checked, then each is reported', () => {
    const compose = fixture();
    serviceOf(compose, 'catalog').ports = ['8081:8080'];
    serviceOf(compose, 'ordering').depends_on = {
      postgres: { condition: 'service_healthy' },
      rabbitmq: { condition: 'service_started' },
    };
    const problems = composeProblems(compose);
    assert.ok(problems.includes('catalog: publishes ports; only the gateway may'), problems.join('\n'));
    assert.ok(problems.includes('ordering: waits for rabbitmq with service_started, not service_healthy'));
    assert.ok(problems.includes('ordering: needs catalog (its config) but does not wait for it'));
  });

  it('given the gateway without ORDERING_URL and inventory with a bad SHUTDOWN_DRAIN_MS, when checked, then both are reported', () => {
    const compose = fixture();
    delete envOf(compose, 'gateway').ORDERING_URL;
    envOf(compose, 'inventory').SHUTDOWN_DRAIN_MS = 'five seconds';
    const problems = composeProblems(compose);
    assert.ok(
      problems.includes('gateway: gateway: ORDERING_URL is not set (required by its config schema)'),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /inventory: inventory: SHUTDOWN_DRAIN_MS: Expected integer/.test(p)),
      problems.join('\n'),
    );
  });

  it('given a stop grace period shorter than the drain, when checked, then it is reported', () => {
    const compose = fixture();
    serviceOf(compose, 'analytics').stop_grace_period = '12s';
    assert.ok(
      composeProblems(compose).includes(
        'analytics: stop_grace_period 12s is not more than SHUTDOWN_DRAIN_MS 5 s + 10 s',
      ),
    );
    assert.equal(durationSeconds('1m30s'), 90);
    assert.equal(durationSeconds('thirty'), undefined);
  });

  it("given one service on another event transport and RabbitMQ's guest account, when checked, then both are reported", () => {
    const compose = fixture();
    envOf(compose, 'notification').AMQP_URL = 'amqp://guest:guest@rabbitmq:5672';
    assert.ok(composeProblems(compose).some((p) => p.startsWith('AMQP_URL differs between services: ')));
    const problems = credentialProblems(compose);
    assert.ok(
      problems.includes("notification: RabbitMQ's guest account only accepts connections from localhost"),
      problems.join('\n'),
    );
  });
});
