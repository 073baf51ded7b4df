import type { ComponentChildren } from 'preact';
import { signOut } from './session';

/** Both pages' frame: a skip link, the dark bar with the brand and the page's own controls, the main area. */
export function Layout(props: { brand: string; header: ComponentChildren; children: ComponentChildren }) {
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="bar">
        <a class="brand" href="#/">
          {props.brand}
        </a>
        {props.header}
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

/** Who is signed in, and the way out. */
export function SignedInAs({ who }: { who: string }) {
  return (
    <span>
      <span class="who">{who}</span>{' '}
      <button type="button" class="link on-dark" onClick={signOut}>
        Sign out
      </button>
    </span>
  );
}

/** A table's header row; a column given as [title, 'num'] is right-aligned (figures). */
export function TableHead({ columns }: { columns: (string | [string, 'num'])[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const [title, numeric] = typeof column === 'string' ? [column, undefined] : column;
          return (
            <th key={title} scope="col" class={numeric ? 'num' : undefined}>
              {title}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
