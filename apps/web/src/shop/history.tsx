import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { dateTime, humanize, money } from '../common/format';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { Notification, OrderSummary } from '../common/types';
import { ProblemMessage, usePoll } from '../common/ui';
import { statusClass } from './order-page';

export function OrderHistory() {
  const [orders, setOrders] = useState<OrderSummary[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  usePoll(async () => {
    const { data, error } = await api.GET('/api/orders', { params: { query: { limit: 50 } } });
    setOrders(data?.items);
    setProblem(error);
  }, 3000);
  return (
    <>
      <h1 tabIndex={-1}>Your orders</h1>
      <ProblemMessage problem={problem} />
      {!orders ? (
        <p role="status">Loading…</p>
      ) : orders.length === 0 ? (
        <p>No orders yet.</p>
      ) : (
        <div class="card scroll">
          <table>
            <TableHead columns={['Order', 'Placed', 'Status', ['Items', 'num'], ['Total', 'num']]} />
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <td>
                    <a href={`#/orders/${order.id}`}>{order.id.slice(0, 8)}</a>
                  </td>
                  <td>{dateTime(order.createdAt)}</td>
                  <td>
                    <span class={`badge ${statusClass(order.status)}`}>{order.status}</span>
                    {order.reason && <span class="muted"> {humanize(order.reason)}</span>}
                  </td>
                  <td class="num">{order.itemCount}</td>
                  <td class="num">{money(order.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function Mailbox() {
  const [mail, setMail] = useState<Notification[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  usePoll(async () => {
    const { data, error } = await api.GET('/api/notifications', { params: { query: { limit: 50 } } });
    setMail(data?.items);
    setProblem(error);
  }, 3000);
  return (
    <>
      <h1 tabIndex={-1}>Mailbox</h1>
      <ProblemMessage problem={problem} />
      {!mail ? (
        <p role="status">Loading…</p>
      ) : mail.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <ul aria-label="Messages" style={{ listStyle: 'none', padding: 0 }}>
          {mail.map((message) => (
            <li key={message.id} class="card">
              <h2>{message.subject}</h2>
              <p class="muted">
                To {message.address}, {dateTime(message.createdAt)}
              </p>
              <p style={{ whiteSpace: 'pre-line' }}>{message.body}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
