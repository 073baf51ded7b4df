import { setTimeout as sleep } from 'node:timers/promises';
import { ProblemError, problems } from '@bazaar/problem';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Authenticator, ServiceApp } from './define-service.js';
import { Fault, FaultId, type FaultInjector, FaultSpec, MAX_FAULTS } from './faults.js';
import { operationNoun } from './openapi-contract.js';

/**
 * Delays or fails the service's HTTP answers as its faults say. Registered only when faults are enabled,
 * so a service without them pays nothing; with none active it is one length check per request.
 */
export function registerFaultHook(app: ServiceApp, faults: FaultInjector): void {
  app.addHook('onRequest', async (request) => {
    const decision = faults.http(request.url.split('?')[0]!);
    if (!decision) return;
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    // Thrown, so the answer is the problem handler's like any failure, with the request id and metrics.
    if (decision.failure) throw decision.failure;
  });
}

const FaultParams = Type.Object({ id: FaultId });
const FaultList = Type.Object({ service: Type.String(), items: Type.Array(Fault) });

// 404 rather than 403: no caller, admin or not, can use the feature on this deployment; it is not here.
const disabled = (service: string) =>
  new ProblemError(
    'faults-disabled',
    404,
    'Fault injection is disabled',
    `${service} was started without FAULTS_ENABLED=true, so it takes no injected faults.`,
  );
const noSuchFault = (service: string, id: string) => problems.notFound(`${service} holds no fault '${id}'.`);

/**
 * The fault-injection admin API of one service under /api/admin/faults/<service>: list, read, add (POST,
 * new id), create or replace (PUT, the caller's id), delete one or all. Always registered, so the contract
 * is the same whether or not the deployment allows faults; without FAULTS_ENABLED every call is a 404
 * `faults-disabled` problem. Admins only.
 */
export function faultAdminRoutes(
  app: ServiceApp,
  auth: Authenticator,
  service: string,
  faults: FaultInjector | undefined,
): void {
  const base = `/api/admin/faults/${service}`;
  const noun = operationNoun(service);
  const security = [{ bearerAuth: [] }];
  const config = { contract: { problems: [404] as const } };
  const writeConfig = {
    contract: { problems: [404, 409] as const, headers: { 201: ['Location'] as const } },
  };
  /** The admin's injector; authorisation first, so nobody but an admin learns whether faults are on. */
  const injector = async (request: FastifyRequest) => {
    const admin = await auth.admin(request);
    if (!faults) throw disabled(service);
    return { admin, faults };
  };
  const where = (id: string) => `${base}/${encodeURIComponent(id)}`;
  const kinds =
    'latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered.';

  app.get(
    base,
    {
      schema: {
        security,
        operationId: `list${noun}Faults`,
        summary: 'The faults injected into this service now',
        description: `The active faults of this ${service} instance, oldest first, each with how often it struck; expired ones are gone.`,
        response: { 200: FaultList },
      },
      config,
    },
    async (request) => {
      const { faults: current } = await injector(request);
      return { service, items: current.list() };
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        security,
        operationId: `get${noun}Fault`,
        summary: 'One injected fault, with how often it struck',
        description: `The fault with this id on ${service}, with how many requests and messages it has delayed or failed.`,
        params: FaultParams,
        response: { 200: Fault },
      },
      config,
    },
    async (request) => {
      const { faults: current } = await injector(request);
      const fault = current.get(request.params.id);
      if (!fault) throw noSuchFault(service, request.params.id);
      return fault;
    },
  );

  app.post(
    base,
    {
      schema: {
        security,
        operationId: `add${noun}Fault`,
        summary: 'Injects a fault (latency, error or outage) into this service',
        description: `Adds a fault to ${service} under a new id; Location names it. ${kinds} Fields that do not apply to the kind or target are refused (400); at most ${MAX_FAULTS} faults at once (409).`,
        body: FaultSpec,
        response: { 201: Fault },
      },
      config: writeConfig,
    },
    async (request, reply) => {
      const { admin, faults: current } = await injector(request);
      const fault = current.add(request.body);
      request.log.warn({ fault, by: admin.userId }, 'fault injected');
      return reply.code(201).header('location', where(fault.id)).send(fault);
    },
  );

  app.put(
    `${base}/:id`,
    {
      schema: {
        security,
        operationId: `put${noun}Fault`,
        summary: 'Creates or replaces the fault with this id',
        description: `Sets the fault with the caller's id on ${service}: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. ${kinds}`,
        params: FaultParams,
        body: FaultSpec,
        response: { 200: Fault, 201: Fault },
      },
      config: writeConfig,
    },
    async (request, reply) => {
      const { admin, faults: current } = await injector(request);
      const { fault, created } = current.put(request.params.id, request.body);
      request.log.warn({ fault, by: admin.userId }, created ? 'fault injected' : 'fault replaced');
      if (created) reply.code(201).header('location', where(fault.id));
      return reply.send(fault);
    },
  );

  app.delete(
    base,
    {
      schema: {
        security,
        operationId: `clear${noun}Faults`,
        summary: 'Removes every fault from this service',
        description: `Heals ${service}: every fault is removed at once (a no-op when there is none).`,
        response: { 204: Type.Null() },
      },
      config,
    },
    async (request, reply) => {
      const { admin, faults: current } = await injector(request);
      const cleared = current.clear();
      if (cleared > 0) request.log.warn({ cleared, by: admin.userId }, 'faults cleared');
      return reply.code(204).send(null);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      schema: {
        security,
        operationId: `remove${noun}Fault`,
        summary: 'Removes one fault from this service',
        description: `Removes the fault with this id from ${service}; the others stay.`,
        params: FaultParams,
        response: { 204: Type.Null() },
      },
      config,
    },
    async (request, reply) => {
      const { admin, faults: current } = await injector(request);
      if (!current.remove(request.params.id)) throw noSuchFault(service, request.params.id);
      request.log.warn({ fault: request.params.id, by: admin.userId }, 'fault removed');
      return reply.code(204).send(null);
    },
  );
}
