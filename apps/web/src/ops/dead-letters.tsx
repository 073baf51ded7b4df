import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { dateTime } from '../common/format';
import { api } from '../common/session';
import type { DeadLetter } from '../common/types';
import { ProblemMessage, usePoll } from '../common/ui';
import { deadLetterPath, deadLettersPath, redrivePath, SERVICES, type Service } from './services';

function DeadLetterRow({
  service,
  letter,
  onDone,
}: {
  service: Service;
  letter: DeadLetter;
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const path = { group: letter.group, id: letter.id };
  const redrive = async () => {
    const { error } = await api.POST(redrivePath(service), { params: { path } });
    setProblem(error);
    if (!error) onDone();
  };
  const discard = async () => {
    const { error } = await api.DELETE(deadLetterPath(service), { params: { path } });
    setProblem(error);
    if (!error) onDone();
  };
  const type = typeof letter.envelope.type === 'string' ? letter.envelope.type : letter.topic;
  return (
    <li class="card">
      <h3 style={{ margin: 0 }}>
        {type} <span class="muted">in {letter.group}</span>
      </h3>
      <p class="muted">
        Dead since {dateTime(letter.deadAt)} after {letter.attempts} attempts. Id {letter.id}
      </p>
      <p>
        <strong>Error:</strong> {letter.lastError}
      </p>
      {open && <pre data-testid="envelope">{JSON.stringify(letter.envelope, null, 2)}</pre>}
      <ProblemMessage problem={problem} />
      <div class="actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide envelope' : 'Inspect envelope'}
        </button>
        <button type="button" class="primary" onClick={() => void redrive()}>
          Redrive
        </button>
        {confirming ? (
          <>
            <button type="button" class="danger" onClick={() => void discard()}>
              Discard for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Discard…
          </button>
        )}
      </div>
    </li>
  );
}

/** The dead letters of every service (or one), oldest first, with their envelope and error. */
export function DeadLetters({ only }: { only: Service | undefined }) {
  const [letters, setLetters] = useState<Partial<Record<Service, DeadLetter[]>>>({});
  const [notice, setNotice] = useState('');
  const services = only ? [only] : SERVICES;
  const load = async () => {
    const answers = await Promise.all(
      services.map((service) => api.GET(deadLettersPath(service), { params: { query: { limit: 50 } } })),
    );
    setLetters(
      Object.fromEntries(services.map((service, index) => [service, answers[index]!.data?.items ?? []])),
    );
  };
  usePoll(load, 3000, true, [only]);
  const total = Object.values(letters).reduce((sum, items) => sum + (items?.length ?? 0), 0);
  return (
    <>
      <h1 tabIndex={-1}>Dead letters</h1>
      <nav aria-label="Service" class="actions card">
        <a href="#/dead-letters" aria-current={only ? undefined : 'page'}>
          All services
        </a>
        {SERVICES.map((service) => (
          <a
            key={service}
            href={`#/dead-letters?service=${service}`}
            aria-current={only === service ? 'page' : undefined}
          >
            {service}
          </a>
        ))}
      </nav>
      <p role="status">
        {total} dead letters{notice && `. ${notice}`}
      </p>
      {services.map((service) =>
        (letters[service]?.length ?? 0) === 0 ? null : (
          <section key={service} aria-labelledby={`dead-${service}`}>
            <h2 id={`dead-${service}`}>{service}</h2>
            <ul style={{ listStyle: 'none', padding: 0 }}>
              {letters[service]!.map((letter) => (
                <DeadLetterRow
                  key={`${letter.group}/${letter.id}`}
                  service={service}
                  letter={letter}
                  onDone={() => {
                    setNotice(`Done: ${letter.topic} ${letter.id}.`);
                    void load();
                  }}
                />
              ))}
            </ul>
          </section>
        ),
      )}
    </>
  );
}
