import type { Problem } from '@bazaar/client';
import { useEffect, useState } from 'preact/hooks';
import { money } from '../common/format';
import { api } from '../common/session';
import type { Product, StockLevel } from '../common/types';
import { ProblemMessage } from '../common/ui';
import { addToCart } from './cart';
import { stockOf, stockText } from './stock';

export function ProductPage({ id }: { id: string }) {
  const [product, setProduct] = useState<Product | undefined>();
  const [stock, setStock] = useState<StockLevel | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState('');
  useEffect(() => {
    void (async () => {
      const { data, error } = await api.GET('/api/products/{id}', { params: { path: { id } } });
      setProduct(data);
      setProblem(error);
      setStock((await stockOf([id])).get(id));
    })();
  }, [id]);
  if (problem) return <ProblemMessage problem={problem} />;
  if (!product) return <p role="status">Loading…</p>;
  const available = stock?.available ?? 0;
  return (
    <article class="card split">
      <div>
        <h1 tabIndex={-1}>{product.name}</h1>
        <p class="muted">{product.category}</p>
        <p>{product.description}</p>
      </div>
      <div>
        <p class="price">{money(product.price)}</p>
        <p>
          <span class={available === 0 ? 'badge bad' : 'badge good'}>{stockText(stock)}</span>
        </p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            addToCart(product, quantity);
            setAdded(`${quantity} × ${product.name} added to the cart.`);
          }}
        >
          <div class="field">
            <label for="quantity">Quantity</label>
            <input
              id="quantity"
              type="number"
              min={1}
              max={Math.max(1, available)}
              value={quantity}
              onInput={(event) => setQuantity(Math.max(1, Number(event.currentTarget.value) || 1))}
            />
          </div>
          <div class="actions">
            <button type="submit" class="primary" disabled={available === 0}>
              Add to cart
            </button>
            <a href="#/cart">Go to cart</a>
          </div>
          <p role="status">{added}</p>
        </form>
      </div>
    </article>
  );
}
