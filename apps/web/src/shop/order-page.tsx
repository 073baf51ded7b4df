import type { Problem } from '@bazaar/client';
import { useEffect, useState } from 'preact/hooks';
import { clock, elapsed, humanize, money } from '../common/format';
import { api } from '../common/session';
import type { Order } from '../common/types';
import { ProblemMessage, usePoll } from '../common/ui';

const POLL_MS = 500;
const SHIPPED_STEP = 'create-shipment';
const RETRIES_ON_CONFLICT = 5;
const RETRY_AT_ONCE = new Set([
  'urn:bazaar:problem:concurrency-conflict',
  'urn:bazaar:problem:transaction-order-conflict',
]);

export function statusClass(status: string): string {
  if (status === 'CONFIRMED' || status === 'COMPLETED') return 'good';
  if (status === 'CANCELLED' || status === 'FAILED') return 'bad';
  if (status === 'COMPENSATED') return '';
  return 'wait';
}

/** Product names for the order's lines (catalog's cached product reads). */
function useProductNames(ids: string[]): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  const key = ids.join(',');
  useEffect(() => {
    void Promise.all(
      ids.map(async (id) => {
        const { data } = await api.GET('/api/products/{id}', { params: { path: { id } } });
        return [id, data?.name ?? id] as const;
      }),
    ).then((pairs) => setNames(new Map(pairs)));
  }, [key]);
  return names;
}

/**
 * The order as the saga moves it, read from the order's event stream every half second until it settles:
 * each step with its status and time, the reason of a cancellation, and a cancel button until it ships.
 */
export function OrderPage({ id }: { id: string }) {
  const [order, setOrder] = useState<Order | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  // Followed until it settles, and again from a cancel request until the cancellation has run.
  const [cancelling, setCancelling] = useState(false);
  const settled = order !== undefined && order.status !== 'PENDING';
  usePoll(
    async () => {
      const { data, error } = await api.GET('/api/orders/{id}', { params: { path: { id } } });
      if (data) setOrder(data);
      if (data?.status === 'CANCELLED') setCancelling(false);
      if (error) setProblem(error);
    },
    POLL_MS,
    !settled || cancelling,
    [id],
  );
  const names = useProductNames(order?.items.map((item) => item.productId) ?? []);
  if (!order) return problem ? <ProblemMessage problem={problem} /> : <p role="status">Loading…</p>;

  const shipped = order.steps.some((step) => step.name === SHIPPED_STEP && step.status === 'COMPLETED');
  const canCancel = order.status !== 'CANCELLED' && !shipped && !order.cancellationRequestedAt;
  const cancel = async () => {
    setCancelling(true);
    // The saga may write the order's stream at the same moment: the API then asks to read again and retry.
    let error: Problem | undefined;
    for (let attempt = 0; attempt < RETRIES_ON_CONFLICT; attempt++) {
      ({ error } = await api.POST('/api/orders/{id}/cancel', { params: { path: { id } } }));
      if (!error || !RETRY_AT_ONCE.has(error.type)) break;
    }
    setProblem(error);
    if (error) setCancelling(false);
  };
  const placedAt = order.steps[0]?.at ?? order.createdAt;
  return (
    <>
      <h1 tabIndex={-1}>Order {order.id.slice(0, 8)}</h1>
      <div class="split">
        <section class="card" aria-labelledby="progress">
          <h2 id="progress">Progress</h2>
          <p aria-live="polite" data-testid="order-status">
            <span class={`badge ${statusClass(order.status)}`}>{order.status}</span>
            {order.reason && (
              <>
                {' '}
                <strong data-testid="order-reason">{order.reason}</strong> ({humanize(order.reason)})
              </>
            )}
            {order.status === 'PENDING' && <span class="muted"> — following the saga live…</span>}
          </p>
          <ol class="steps" aria-label="Saga steps">
            {order.steps.map((step, index) => (
              <li key={`${step.name}-${step.status}-${index}`} class={statusClass(step.status)}>
                <strong>{humanize(step.name)}</strong>{' '}
                <span class={`badge ${statusClass(step.status)}`}>{step.status}</span>{' '}
                <time dateTime={step.at}>{clock(step.at)}</time>{' '}
                <span class="muted">{index > 0 ? elapsed(placedAt, step.at) : ''}</span>
                {step.detail && <div class="muted">{step.detail}</div>}
              </li>
            ))}
          </ol>
          <ProblemMessage problem={problem} />
          <div class="actions">
            {canCancel && !cancelling && (
              <button type="button" class="danger" onClick={() => void cancel()}>
                Cancel order
              </button>
            )}
            {(cancelling || order.cancellationRequestedAt) && order.status !== 'CANCELLED' && (
              <span role="status">Cancellation requested: compensating…</span>
            )}
            {shipped && <span class="muted">Shipped: it can no longer be cancelled.</span>}
          </div>
        </section>
        <section class="card" aria-labelledby="contents">
          <h2 id="contents">Contents</h2>
          <ul>
            {order.items.map((item) => (
              <li key={item.productId}>
                {item.quantity} ×{' '}
                <a href={`#/product/${item.productId}`}>{names.get(item.productId) ?? '…'}</a>{' '}
                <span class="muted">{money(item.unitPrice)}</span>
              </li>
            ))}
          </ul>
          <p class="price">Total {money(order.total)}</p>
          <p class="muted">
            To {order.shippingAddress.name}, {order.shippingAddress.line1}, {order.shippingAddress.postalCode}{' '}
            {order.shippingAddress.city}, {order.shippingAddress.country}
            <br />
            Card ending {order.paymentMethod.last4}
          </p>
        </section>
      </div>
    </>
  );
}
