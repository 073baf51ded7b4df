import type { Problem } from '@bazaar/client';
import { useEffect, useState } from 'preact/hooks';
import { money } from '../common/format';
import { api } from '../common/session';
import type { Product, StockLevel } from '../common/types';
import { ProblemMessage } from '../common/ui';
import { addToCart } from './cart';
import { stockOf, stockText } from './stock';

const PAGE = 12;

export function ProductTile({ product, stock }: { product: Product; stock: StockLevel | undefined }) {
  const [added, setAdded] = useState(false);
  return (
    <li class="card">
      <div class="tile" aria-hidden="true">
        {product.name.charAt(0)}
      </div>
      <h2>
        <a href={`#/product/${product.id}`}>{product.name}</a>
      </h2>
      <span class="muted">{product.category}</span>
      <span class="price">{money(product.price)}</span>
      <span class={stock?.available === 0 ? 'badge bad' : 'badge good'}>{stockText(stock)}</span>
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={stock?.available === 0}
          onClick={() => {
            addToCart(product);
            setAdded(true);
          }}
        >
          Add to cart<span class="skip"> {product.name}</span>
        </button>
        <span role="status">{added ? 'Added' : ''}</span>
      </div>
    </li>
  );
}

/** The catalogue, or the products matching `q` (full-text search), with stock; "More" follows the cursor. */
export function Catalogue({ q }: { q: string }) {
  const [products, setProducts] = useState<Product[]>([]);
  const [stock, setStock] = useState(new Map<string, StockLevel>());
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [loading, setLoading] = useState(true);

  const load = async (after: string | null, into: Product[]) => {
    setLoading(true);
    const { data, error } = await api.GET('/api/products', {
      params: { query: { limit: PAGE, ...(q ? { q } : {}), ...(after ? { cursor: after } : {}) } },
    });
    setProblem(error);
    if (data) {
      const all = [...into, ...data.items];
      setProducts(all);
      setCursor(data.nextCursor);
      setStock(await stockOf(all.map((product) => product.id)));
    }
    setLoading(false);
  };
  useEffect(() => {
    void load(null, []);
  }, [q]);

  return (
    <>
      <h1 tabIndex={-1}>{q ? `Results for “${q}”` : 'Catalogue'}</h1>
      <ProblemMessage problem={problem} />
      <p role="status" class="muted">
        {loading ? 'Loading…' : products.length === 0 ? 'No products found.' : `${products.length} products`}
      </p>
      <ul class="grid" aria-label="Products">
        {products.map((product) => (
          <ProductTile key={product.id} product={product} stock={stock.get(product.id)} />
        ))}
      </ul>
      {cursor && (
        <button type="button" onClick={() => void load(cursor, products)} disabled={loading}>
          More products
        </button>
      )}
    </>
  );
}
