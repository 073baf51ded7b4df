import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { money } from '../common/format';
import { go } from '../common/router';
import { api, useSession } from '../common/session';
import { Field, ProblemMessage, SignInForm } from '../common/ui';
import { cartTotal, clearCart, useCart } from './cart';

/** The simulated provider's test cards (README "Walk-through"), offered as hints. */
const TEST_CARDS = [
  ['4242 4242 4242 4242', 'succeeds'],
  ['4000 0000 0000 0002', 'is declined (PAYMENT_DECLINED)'],
  ['4000 0000 0000 9995', 'has insufficient funds'],
  ['4000 0000 0000 0341', 'never answers (PAYMENT_TIMEOUT)'],
] as const;

export function Checkout() {
  const lines = useCart();
  const { user, loading } = useSession();
  const [address, setAddress] = useState({ name: '', line1: '', city: '', postalCode: '', country: '' });
  const [card, setCard] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  // One key per checkout: a double click or a retry after a lost answer places the order once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const total = cartTotal(lines);

  if (lines.length === 0)
    return (
      <>
        <h1 tabIndex={-1}>Checkout</h1>
        <p>
          Your cart is empty. <a href="#/">Browse the catalogue</a>.
        </p>
      </>
    );
  if (loading) return <p role="status">Loading…</p>;
  if (!user)
    return (
      <>
        <h1 tabIndex={-1}>Checkout</h1>
        <p>Sign in or create an account to place the order.</p>
        <SignInForm />
      </>
    );

  const set = (key: keyof typeof address) => (value: string) => setAddress({ ...address, [key]: value });
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const { data, error } = await api.POST('/api/orders', {
      headers: { 'idempotency-key': idempotencyKey },
      body: {
        items: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
        shippingAddress: { ...address, country: address.country.trim().toUpperCase() },
        paymentMethod: { type: 'card', number: card.replace(/\s+/g, '') },
      },
    });
    setBusy(false);
    setProblem(error);
    if (data) {
      clearCart();
      go(`orders/${data.orderId}`);
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>Checkout</h1>
      <form class="split" onSubmit={submit}>
        <div>
          <fieldset class="card">
            <legend>Shipping address</legend>
            <div class="form-grid">
              <Field
                label="Full name"
                name="ship-name"
                value={address.name}
                onInput={set('name')}
                autocomplete="name"
              />
              <Field
                label="Street and number"
                name="line1"
                value={address.line1}
                onInput={set('line1')}
                autocomplete="address-line1"
              />
              <Field
                label="City"
                name="city"
                value={address.city}
                onInput={set('city')}
                autocomplete="address-level2"
              />
              <Field
                label="Postal code"
                name="postal-code"
                value={address.postalCode}
                onInput={set('postalCode')}
                autocomplete="postal-code"
              />
              <Field
                label="Country"
                name="country"
                value={address.country}
                onInput={set('country')}
                autocomplete="country"
                hint="Two letters, e.g. DE. AQ (Antarctica) cannot be shipped to."
              />
            </div>
          </fieldset>
          <fieldset class="card">
            <legend>Card</legend>
            <Field
              label="Card number"
              name="card"
              value={card}
              onInput={setCard}
              autocomplete="off"
              inputMode="numeric"
              hint="A simulated provider: no real card is charged."
            />
            <p class="muted" id="test-cards">
              Test cards:
            </p>
            <ul class="hints" aria-labelledby="test-cards">
              {TEST_CARDS.map(([number, outcome]) => (
                <li key={number}>
                  <button
                    type="button"
                    class="link"
                    onClick={() => setCard(number)}
                    aria-label={`Use ${number}, which ${outcome}`}
                  >
                    <code>{number}</code>
                  </button>{' '}
                  {outcome}
                </li>
              ))}
            </ul>
          </fieldset>
        </div>
        <aside class="card" aria-label="Order summary">
          <h2>Summary</h2>
          <ul>
            {lines.map((line) => (
              <li key={line.productId}>
                {line.quantity} × {line.name}
              </li>
            ))}
          </ul>
          <p class="price">Total {total && money(total)}</p>
          <ProblemMessage problem={problem} />
          <button type="submit" class="primary" disabled={busy}>
            Place order
          </button>
        </aside>
      </form>
    </>
  );
}
