import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Layout, SignedInAs } from '../common/layout';
import { go, type Route, useRoute } from '../common/router';
import { useSession } from '../common/session';
import { SignInForm } from '../common/ui';
import { useCart } from './cart';
import { CartView } from './cart-view';
import { Catalogue } from './catalogue';
import { Checkout } from './checkout';
import { Mailbox, OrderHistory } from './history';
import { OrderPage } from './order-page';
import { ProductPage } from './product';

function SearchForm({ initial }: { initial: string }) {
  const [q, setQ] = useState(initial);
  return (
    <form
      aria-label="Search"
      onSubmit={(event) => {
        event.preventDefault();
        go(q.trim() ? `?q=${encodeURIComponent(q.trim())}` : '');
      }}
    >
      <label for="search" class="skip">
        Search products
      </label>
      <input
        id="search"
        type="search"
        placeholder="Search products"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}

function NavLink({ href, current, children }: { href: string; current: boolean; children: string }) {
  return (
    <li>
      <a href={href} aria-current={current ? 'page' : undefined}>
        {children}
      </a>
    </li>
  );
}

function SignedInOnly({ children }: { children: ComponentChildren }) {
  const { user, loading } = useSession();
  if (loading) return <p role="status">Loading…</p>;
  if (!user)
    return (
      <>
        <h1 tabIndex={-1}>Sign in</h1>
        <SignInForm />
      </>
    );
  return <>{children}</>;
}

function View({ route }: { route: Route }) {
  const [first, id] = route.parts;
  switch (first) {
    case undefined:
      return <Catalogue q={route.query.get('q') ?? ''} />;
    case 'product':
      return <ProductPage id={id ?? ''} />;
    case 'cart':
      return <CartView />;
    case 'checkout':
      return <Checkout />;
    case 'orders':
      return <SignedInOnly>{id ? <OrderPage id={id} /> : <OrderHistory />}</SignedInOnly>;
    case 'mailbox':
      return (
        <SignedInOnly>
          <Mailbox />
        </SignedInOnly>
      );
    case 'account':
      return (
        <SignedInOnly>
          <h1 tabIndex={-1}>Account</h1>
          <p>You are signed in.</p>
        </SignedInOnly>
      );
    default:
      return (
        <>
          <h1 tabIndex={-1}>Not found</h1>
          <p>
            No such page. <a href="#/">Back to the catalogue</a>.
          </p>
        </>
      );
  }
}

export function Shop() {
  const route = useRoute();
  const { user } = useSession();
  const cart = useCart();
  const count = cart.reduce((sum, line) => sum + line.quantity, 0);
  const at = route.parts[0];
  return (
    <Layout
      brand="Bazaar"
      header={
        <>
          <SearchForm initial={route.query.get('q') ?? ''} />
          <nav aria-label="Shop">
            <ul>
              <NavLink href="#/" current={at === undefined}>
                Catalogue
              </NavLink>
              <NavLink href="#/cart" current={at === 'cart'}>
                {`Cart (${count})`}
              </NavLink>
              <NavLink href="#/orders" current={at === 'orders'}>
                Orders
              </NavLink>
              <NavLink href="#/mailbox" current={at === 'mailbox'}>
                Mailbox
              </NavLink>
              {user ? (
                <li>
                  <SignedInAs who={user.name} />
                </li>
              ) : (
                <NavLink href="#/account" current={at === 'account'}>
                  Sign in
                </NavLink>
              )}
              {user?.role === 'admin' && (
                <li>
                  <a href="/ops">Console</a>
                </li>
              )}
            </ul>
          </nav>
        </>
      }
    >
      <View route={route} />
    </Layout>
  );
}
