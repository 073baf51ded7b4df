import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BazaarClient, bearer } from '@bazaar/client';
import { eventually } from '@bazaar/testing';
import {
  ADMIN,
  http,
  invariantsHold as invariantsHoldIn,
  logIn,
  registerCustomer,
  startSoloForTests,
  stockedProducts,
  typedClient,
} from '../support/solo-for-tests.js';

// The whole system with FAULTS_ENABLED=true and short saga deadlines: payment's message handlers are made
// to fail through the gateway's fault API, and the order saga must react as DESIGN.md §3 says — a step
// that times out is compensated; a compensation that keeps failing parks the saga until an operator
// retries it. Every scenario ends with the invariant checker passing once the system is quiet.
let system: Awaited<ReturnType<typeof startSoloForTests>>;
let bazaar: BazaarClient;
let adminToken: string;
let products: string[];
const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
  http(system.url, method, path, options);
const asAdmin = (method: string, path: string, body?: unknown) =>
  call(method, path, { token: adminToken, ...(body === undefined ? {} : { body }) });

async function place(token: string) {
  const placed = await bazaar.POST('/api/orders', {
    headers: bearer(token),
    body: {
      items: [{ productId: products[0]!, quantity: 1 }],
      shippingAddress: { name: 'Fay', line1: '2 Mill Lane', city: 'Leeds', postalCode: 'LS1', country: 'GB' },
      paymentMethod: { type: 'card', number: '4242424242424242' },
    },
  });
  assert.equal(placed.response.status, 202, JSON.stringify(placed.error));
  return placed.data!.orderId;
}

const sagaOf = async (orderId: string) => (await asAdmin('GET', `/api/admin/sagas/${orderId}`)).body;
const sagaReaches = (orderId: string, status: string) =>
  eventually(async () => {
    const saga = await sagaOf(orderId);
    return saga.saga?.status === status ? saga : undefined;
  }, `saga ${orderId} is ${status}`);

const settled = (token: string, orderId: string) =>
  eventually(async () => {
    const order = await call('GET', `/api/orders/${orderId}`, { token });
    return order.body.status === 'PENDING' ? undefined : order.body;
  }, `order ${orderId} settles`);

const compensatedSteps = (order: { steps: { name: string; status: string }[] }) =>
  order.steps.filter((step) => step.status === 'COMPENSATED').map((step) => step.name);

const invariantsHold = () => invariantsHoldIn(system.prefix, 30_000);

/** payment's handlers fail every message; its HTTP routes keep answering. */
async function paymentHandlersDown() {
  const put = await asAdmin('PUT', '/api/admin/faults/payment/payment-handlers-down', {
    kind: 'outage',
    target: 'messages',
  });
  assert.equal(put.status, 201, put.text);
  return put.body;
}

async function healPayment() {
  assert.equal((await asAdmin('DELETE', '/api/admin/faults/payment')).status, 204);
  assert.deepEqual((await asAdmin('GET', '/api/admin/faults/payment')).body.items, []);
}

before(async () => {
  system = await startSoloForTests({
    FAULTS_ENABLED: 'true',
    PAYMENT_TIMEOUT_MS: '1000',
    SAGA_TIMER_POLL_MS: '100',
    SAGA_COMPENSATION_TIMEOUT_MS: '1000',
    SAGA_COMPENSATION_ATTEMPTS: '3',
  });
  bazaar = typedClient(system.url);
  adminToken = await logIn(bazaar, ADMIN);
  products = await stockedProducts(bazaar, system.url, 2);
});
after(async () => {
  await system?.close();
});

describe('the fault API through the gateway', () => {
  it('reaches each service and the gateway itself, for admins only', async () => {
    for (const service of ['payment', 'catalog', 'gateway']) {
      const listed = await asAdmin('GET', `/api/admin/faults/${service}`);
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.body, { service, items: [] });
    }
    const buyer = await registerCustomer(bazaar);
    assert.equal((await call('GET', '/api/admin/faults/payment', { token: buyer.token })).status, 403);
    assert.equal((await call('GET', '/api/admin/faults/payment')).status, 401);
    assert.equal((await asAdmin('GET', '/api/admin/faults/billing')).status, 404);
  });

  it('adds, reads and removes a fault on a service, which answers its HTTP routes with it', async () => {
    const added = await asAdmin('POST', '/api/admin/faults/shipping', {
      // 503, the default: the one 5xx every operation documents, so the answer still meets the contract.
      kind: 'error',
      target: 'http',
      pathPrefix: '/api/shipments',
    });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.headers.get('location'), `/api/admin/faults/shipping/${added.body.id}`);
    const buyer = await registerCustomer(bazaar);
    const failed = await call('GET', '/api/shipments', { token: buyer.token });
    assert.equal(failed.status, 503);
    assert.equal(failed.body.type, 'urn:bazaar:problem:fault-injected');
    const fault = await asAdmin('GET', `/api/admin/faults/shipping/${added.body.id}`);
    // At least once: the gateway may retry a failed read within its retry budget.
    assert.ok(fault.body.injected >= 1);
    assert.equal((await asAdmin('DELETE', `/api/admin/faults/shipping/${added.body.id}`)).status, 204);
    assert.equal((await call('GET', '/api/shipments', { token: buyer.token })).status, 200);
  });
});

describe("the order saga when payment's message handlers fail", () => {
  it('cancels with PAYMENT_TIMEOUT and compensates once payment handles messages again', async () => {
    const buyer = await registerCustomer(bazaar);
    const fault = await paymentHandlersDown();
    let orderId: string;
    try {
      orderId = await place(buyer.token);
      // Both capture attempts went unanswered: the step failed and its compensation (a refund) is under way.
      const compensating = await sagaReaches(orderId, 'COMPENSATING');
      assert.equal(compensating.saga.failureReason, 'PAYMENT_TIMEOUT');
      assert.equal(compensating.saga.currentStep, 'capture-payment');
      const struck = await asAdmin('GET', `/api/admin/faults/payment/${fault.id}`);
      assert.ok(struck.body.injected >= 2, `payment refused ${struck.body.injected} deliveries`);
      // payment's HTTP side is untouched by a fault on its messages.
      assert.equal((await call('GET', `/api/payments/${orderId}`, { token: buyer.token })).status, 404);
    } finally {
      await healPayment();
    }

    // The refund is retried (the transport's redelivery or the saga's next attempt) and now acknowledged.
    const order = await settled(buyer.token, orderId);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.reason, 'PAYMENT_TIMEOUT');
    assert.deepEqual(compensatedSteps(order), ['capture-payment', 'reserve-inventory']);
    const saga = await sagaOf(orderId);
    assert.equal(saga.saga.status, 'COMPENSATED');
    assert.ok(!saga.history.some((entry: { kind: string }) => entry.kind === 'parked'));
    await invariantsHold();
  });

  it('parks the saga while the refund keeps failing, and an admin retry finishes it after the fault is cleared', async () => {
    const buyer = await registerCustomer(bazaar);
    await paymentHandlersDown();
    let orderId: string;
    try {
      orderId = await place(buyer.token);
      const parked = await sagaReaches(orderId, 'NEEDS_ATTENTION');
      assert.equal(parked.saga.currentStep, 'capture-payment');
      assert.equal(parked.saga.failureReason, 'PAYMENT_TIMEOUT');
      assert.ok(parked.history.some((entry: { kind: string }) => entry.kind === 'parked'));
      assert.equal(
        (await call('GET', `/api/orders/${orderId}`, { token: buyer.token })).body.status,
        'PENDING',
        'parked, not given up: the order waits for an operator',
      );
    } finally {
      await healPayment();
    }

    // A command still waiting for redelivery may finish the compensation by itself (409: not parked any
    // more); otherwise the retry sends the refund again, which payment now handles.
    const retried = await asAdmin('POST', `/api/admin/sagas/${orderId}/retry`);
    assert.ok([202, 409].includes(retried.status), retried.text);
    const order = await settled(buyer.token, orderId);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.reason, 'PAYMENT_TIMEOUT');
    assert.deepEqual(compensatedSteps(order), ['capture-payment', 'reserve-inventory']);
    // Whatever payment still had to retry is handled now; only what ran out of attempts is a dead letter.
    await eventually(async () => {
      const status = await asAdmin('GET', '/api/admin/messaging/payment');
      const commands = status.body.consumers.find((c: { group: string }) => c.group === 'payment.commands');
      return commands.waiting === 0 ? true : undefined;
    }, "payment's commands are no longer waiting");
    await invariantsHold();
  });

  it('confirms orders again once healed', async () => {
    const buyer = await registerCustomer(bazaar);
    const orderId = await place(buyer.token);
    assert.equal((await settled(buyer.token, orderId)).status, 'CONFIRMED');
    await invariantsHold();
  });
});
