import type { Problem } from '@bazaar/client';
import { useRef, useState } from 'preact/hooks';
import { clock } from '../common/format';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { TailEvent } from '../common/types';
import { Field, ProblemMessage, usePoll } from '../common/ui';

/** Rows kept on the page: the tail runs for hours, the page shows the latest. */
const KEPT_ROWS = 200;
const POLL_MS = 1_000;
const COLUMNS = ['Time', 'Type', 'Service', 'Subject', 'Subscribers', 'Data'];

const keyOf = (event: TailEvent) => `${event.service}:${event.outboxId}`;

/** The trace id of a W3C traceparent (version-traceid-spanid-flags), if it is one. */
function traceIdOf(traceparent: string | undefined): string | undefined {
  const traceId = traceparent?.split('-')[1];
  return traceId && /^[0-9a-f]{32}$/.test(traceId) ? traceId : undefined;
}

function matches(event: TailEvent, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  return !wanted || event.type.toLowerCase().includes(wanted) || event.service.toLowerCase().includes(wanted);
}

function EventRows({ event, open, onToggle }: { event: TailEvent; open: boolean; onToggle: () => void }) {
  const key = keyOf(event);
  const traceId = traceIdOf(event.traceparent);
  return (
    <>
      <tr>
        <td>
          <time dateTime={event.publishedAt}>{clock(event.publishedAt)}</time>
        </td>
        <th scope="row">{event.type}</th>
        <td>{event.service}</td>
        <td>{event.subject ?? '–'}</td>
        <td>{event.subscribers.length === 0 ? 'none' : event.subscribers.join(', ')}</td>
        <td>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={open ? `event-${key}` : undefined}
            aria-label={`${open ? 'Hide' : 'Show'} data of ${event.type} at ${clock(event.publishedAt)}`}
            onClick={onToggle}
          >
            {open ? 'Hide' : 'Show'}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={`event-${key}`}>
          <td colSpan={COLUMNS.length}>
            <p class="muted">
              Event {event.id} on {event.topic}, from {event.source}, created {clock(event.time)}
              {traceId && (
                <>
                  {' '}
                  · <a href={`#/traces?traceId=${traceId}`}>trace {traceId.slice(0, 12)}</a>
                </>
              )}
            </p>
            {event.dataTruncated && (
              <p class="notice">The data is too long to show whole: this is the beginning of its JSON.</p>
            )}
            <pre data-testid="event-data">
              {typeof event.data === 'string' && event.dataTruncated
                ? event.data
                : JSON.stringify(event.data, null, 2)}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * A live tail of the events flowing through the transport: what every service's outbox relay published,
 * newest first, polled every second with the cursor the API answered (so each event comes once).
 */
export function Events() {
  const [events, setEvents] = useState<TailEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<Problem | undefined>();
  const [unreachable, setUnreachable] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(false);
  // Not state: a poll must continue from the last answer even before the page re-renders.
  const cursor = useRef<string | undefined>(undefined);
  usePoll(
    async () => {
      const { data, error } = await api.GET('/api/admin/events', {
        params: { query: { limit: KEPT_ROWS, ...(cursor.current ? { cursor: cursor.current } : {}) } },
      });
      setProblem(error);
      if (!data) return;
      cursor.current = data.cursor;
      setUnreachable(data.unreachable);
      setLoaded(true);
      if (data.items.length > 0)
        setEvents((shown) => [...[...data.items].reverse(), ...shown].slice(0, KEPT_ROWS));
    },
    POLL_MS,
    !paused,
  );
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const shown = events.filter((event) => matches(event, filter));
  return (
    <>
      <h1 tabIndex={-1}>Events</h1>
      <p>
        What every service published onto the transport, newest first (the latest {KEPT_ROWS}), from their
        outboxes: each event once, with the consumer groups that receive it.
      </p>
      <div class="card actions">
        <search aria-label="Filter events">
          <Field
            label="Filter by type or service"
            name="event-filter"
            value={filter}
            onInput={setFilter}
            required={false}
            hint="For example ordering, payment.payment-captured or stock."
          />
        </search>
        <button type="button" onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      <p role="status">{paused ? 'Paused: new events wait until you resume.' : 'Live.'}</p>
      <ProblemMessage problem={problem} />
      {unreachable.length > 0 && (
        <p class="notice">Not answering (their events follow once they do): {unreachable.join(', ')}</p>
      )}
      <section class="card" aria-labelledby="events-shown">
        <h2 id="events-shown">
          {shown.length === events.length
            ? `${events.length} events`
            : `${shown.length} of ${events.length} events match`}
        </h2>
        {!loaded ? (
          <p>Loading…</p>
        ) : shown.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <div class="scroll">
            <table aria-label="Events, newest first">
              <TableHead columns={COLUMNS} />
              <tbody>
                {shown.map((event) => (
                  <EventRows
                    key={keyOf(event)}
                    event={event}
                    open={open.has(keyOf(event))}
                    onToggle={() => toggle(keyOf(event))}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
