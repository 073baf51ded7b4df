import { createBazaarClient, type Problem } from '@bazaar/client';
import { useEffect, useState } from 'preact/hooks';

// The signed-in session of both pages: the token pair in localStorage (so a reload keeps it), the access
// token refreshed a minute before it expires, and the user it belongs to. Every call goes through the typed
// client of the public API, with the current access token.

type Tokens = { accessToken: string; refreshToken: string; expiresAt: number };
export type User = { id: string; email: string; name: string; role: 'customer' | 'admin' };

const KEY = 'bazaar.session';
const REFRESH_AHEAD_MS = 60_000;

let tokens: Tokens | undefined = read();
let user: User | undefined;
let checked = false;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

/**
 * The public API's typed client. A call made while the access token is about to expire (a tab woken from
 * sleep, whose timers were held back) refreshes first; the auth routes themselves go without a token.
 */
export const api = createBazaarClient({
  baseUrl: location.origin,
  middleware: [
    {
      async onRequest({ request, schemaPath }) {
        if (schemaPath.startsWith('/api/auth/')) return request;
        if (tokens && tokens.expiresAt - 5_000 < Date.now()) await refresh();
        if (tokens) request.headers.set('authorization', `Bearer ${tokens.accessToken}`);
        return request;
      },
    },
  ],
});

function read(): Tokens | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return stored && typeof stored.refreshToken === 'string' ? stored : undefined;
  } catch {
    return undefined;
  }
}

function changed() {
  for (const listener of listeners) listener();
}

function store(next: Tokens | undefined) {
  tokens = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  schedule();
}

function schedule() {
  clearTimeout(timer);
  if (!tokens) return;
  const wait = Math.max(0, tokens.expiresAt - REFRESH_AHEAD_MS - Date.now());
  timer = setTimeout(() => void refresh(), Math.min(wait, 2 ** 31 - 1));
}

function accept(pair: { accessToken: string; refreshToken: string; expiresIn: number }) {
  store({
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: Date.now() + pair.expiresIn * 1000,
  });
}

/**
 * A refresh token is spent once: presenting it twice revokes the login. Tabs of one browser share the
 * stored pair, so refreshes are serialised across them and a tab first adopts a pair another one fetched.
 */
async function refresh(): Promise<void> {
  const run = async () => {
    const latest = read();
    if (!latest) return signOut();
    if (latest.refreshToken !== tokens?.refreshToken || latest.expiresAt - REFRESH_AHEAD_MS > Date.now()) {
      tokens = latest;
      schedule();
      return;
    }
    const { data, response } = await api.POST('/api/auth/refresh', {
      body: { refreshToken: latest.refreshToken },
    });
    if (data) accept(data);
    else if (response.status === 401) signOut();
    else timer = setTimeout(() => void refresh(), 5_000);
  };
  if (navigator.locks) await navigator.locks.request('bazaar-refresh', run);
  else await run();
}

async function loadUser(): Promise<void> {
  if (!tokens) return;
  try {
    const { data, response } = await api.GET('/api/users/me');
    if (data) user = { id: data.id, email: data.email, name: data.name, role: data.role };
    else if (response.status === 401) signOut();
  } finally {
    checked = true;
    changed();
  }
}

export async function logIn(email: string, password: string): Promise<Problem | undefined> {
  const { data, error } = await api.POST('/api/auth/login', { body: { email, password } });
  if (error) return error;
  accept(data);
  checked = false;
  await loadUser();
  return undefined;
}

export async function register(name: string, email: string, password: string): Promise<Problem | undefined> {
  const { error } = await api.POST('/api/auth/register', { body: { name, email, password } });
  return error ?? logIn(email, password);
}

/** Forgets the tokens in this browser (the API has no logout route; the refresh token expires unused). */
export function signOut() {
  store(undefined);
  user = undefined;
  changed();
}

export function currentUser(): User | undefined {
  return user;
}

/** The signed-in user (undefined while signed out); `loading` until the first answer of /api/users/me. */
export function useSession(): { user: User | undefined; loading: boolean } {
  const [, render] = useState(0);
  useEffect(() => {
    const listener = () => render((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return { user, loading: tokens !== undefined && user === undefined && !checked };
}

// Another tab signed in, refreshed or signed out.
addEventListener('storage', (event) => {
  if (event.key !== KEY) return;
  const next = read();
  if (!next) return signOut();
  tokens = next;
  schedule();
  if (!user) void loadUser();
});

schedule();
void loadUser();
