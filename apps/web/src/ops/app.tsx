import type { ComponentChildren } from 'preact';
import { Layout, SignedInAs } from '../common/layout';
import { type Route, useRoute } from '../common/router';
import { useSession } from '../common/session';
import { SignInForm } from '../common/ui';
import { AnalyticsView } from './analytics';
import { DeadLetters } from './dead-letters';
import { Events } from './events';
import { Faults } from './faults';
import { Invariants } from './invariants';
import { Overview } from './overview';
import { Projections } from './projections';
import { ResilienceView } from './resilience';
import { SagaPage, Sagas } from './sagas';
import { SERVICES, type Service } from './services';
import { Traces } from './traces';

const SECTIONS = [
  ['', 'Services'],
  ['sagas', 'Sagas'],
  ['dead-letters', 'Dead letters'],
  ['projections', 'Projections'],
  ['events', 'Events'],
  ['traces', 'Traces'],
  ['analytics', 'Analytics'],
  ['resilience', 'Resilience'],
  ['invariants', 'Invariants'],
  ['faults', 'Faults'],
] as const;

function View({ route }: { route: Route }) {
  const [first, id] = route.parts;
  switch (first) {
    case undefined:
      return <Overview />;
    case 'sagas': {
      const status = route.query.get('status') ?? undefined;
      return id ? <SagaPage id={id} /> : <Sagas status={status as Parameters<typeof Sagas>[0]['status']} />;
    }
    case 'dead-letters': {
      const service = route.query.get('service');
      return <DeadLetters only={SERVICES.includes(service as Service) ? (service as Service) : undefined} />;
    }
    case 'projections':
      return <Projections />;
    case 'events':
      return <Events />;
    case 'traces':
      return (
        <Traces
          orderId={route.query.get('orderId') ?? undefined}
          traceId={route.query.get('traceId') ?? undefined}
        />
      );
    case 'analytics':
      return <AnalyticsView />;
    case 'resilience':
      return <ResilienceView />;
    case 'invariants':
      return <Invariants />;
    case 'faults':
      return <Faults />;
    default:
      return <h1 tabIndex={-1}>Not found</h1>;
  }
}

function Frame({ at, children }: { at: string | undefined; children: ComponentChildren }) {
  const { user } = useSession();
  return (
    <Layout
      brand="Bazaar operations"
      header={
        <>
          {user?.role === 'admin' && (
            <nav aria-label="Console">
              <ul>
                {SECTIONS.map(([path, title]) => (
                  <li key={path}>
                    <a href={`#/${path}`} aria-current={(at ?? '') === path ? 'page' : undefined}>
                      {title}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <a href="/">Shop</a>
          {user && <SignedInAs who={user.email} />}
        </>
      }
    >
      {children}
    </Layout>
  );
}

/** The console: admins only (the admin API refuses anyone else; the page says so first). */
export function Console() {
  const route = useRoute();
  const { user, loading } = useSession();
  const at = route.parts[0];
  if (loading)
    return (
      <Frame at={at}>
        <p role="status">Loading…</p>
      </Frame>
    );
  if (!user)
    return (
      <Frame at={at}>
        <h1 tabIndex={-1}>Operations console</h1>
        <p>For administrators. Sign in with the admin account (printed at the first start).</p>
        <SignInForm allowRegister={false} />
      </Frame>
    );
  if (user.role !== 'admin')
    return (
      <Frame at={at}>
        <h1 tabIndex={-1}>Operations console</h1>
        <p class="problem" role="alert">
          {user.email} is not an administrator: the console is for admins only.
        </p>
      </Frame>
    );
  return (
    <Frame at={at}>
      <View route={route} />
    </Frame>
  );
}
