import { money } from '../common/format';
import { cartTotal, setQuantity, useCart } from './cart';

export function CartView() {
  const lines = useCart();
  const total = cartTotal(lines);
  return (
    <>
      <h1 tabIndex={-1}>Cart</h1>
      {lines.length === 0 ? (
        <p>
          Your cart is empty. <a href="#/">Browse the catalogue</a>.
        </p>
      ) : (
        <div class="card scroll">
          <table>
            <caption class="muted">Prices as shown when added; the order uses the catalogue's price.</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Quantity</th>
                <th scope="col" class="num">
                  Price
                </th>
                <th scope="col">
                  <span class="skip">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.productId}>
                  <td>
                    <a href={`#/product/${line.productId}`}>{line.name}</a>
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      aria-label={`Quantity of ${line.name}`}
                      value={line.quantity}
                      style={{ width: '5em' }}
                      onChange={(event) =>
                        setQuantity(line.productId, Math.max(1, Number(event.currentTarget.value) || 1))
                      }
                    />
                  </td>
                  <td class="num">{money({ ...line.price, amount: line.price.amount * line.quantity })}</td>
                  <td>
                    <button type="button" class="link" onClick={() => setQuantity(line.productId, 0)}>
                      Remove <span class="skip">{line.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td class="num price">{total && money(total)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
          <div class="actions" style={{ marginTop: '12px' }}>
            <a class="button-link" href="#/checkout">
              Check out
            </a>
          </div>
        </div>
      )}
    </>
  );
}
