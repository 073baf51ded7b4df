import { useEffect, useState } from 'preact/hooks';

// Both pages route by the fragment (/#/orders/…, /ops#/sagas): the gateway serves one document per page,
// and a reload or a shared link lands on the same view.

export interface Route {
  /** Path segments after `#/`, e.g. ['orders', '123']. */
  parts: string[];
  query: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = hash.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const listener = () => {
      setRoute(current());
      // A new view: its heading takes the focus, so a screen reader announces where the user landed.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
    };
    addEventListener('hashchange', listener);
    return () => removeEventListener('hashchange', listener);
  }, []);
  return route;
}

export function go(path: string) {
  location.hash = `#/${path}`;
}
