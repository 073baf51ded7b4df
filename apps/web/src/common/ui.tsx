import type { Problem } from '@bazaar/client';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { logIn, register } from './session';

/** An RFC 9457 problem as the API sent it: its title, its detail and each invalid field. */
export function ProblemMessage({ problem }: { problem: Problem | string | undefined }) {
  if (!problem) return null;
  if (typeof problem === 'string')
    return (
      <p class="problem" role="alert">
        {problem}
      </p>
    );
  return (
    <div class="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail ? ` — ${problem.detail}` : ''}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => (
            <li key={error.pointer}>
              {error.pointer}: {error.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  value: string;
  onInput: (value: string) => void;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  minLength?: number;
}) {
  const id = `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        inputMode={props.inputMode}
        minLength={props.minLength}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

/** Calls `load` now and every `everyMs` while mounted (and while `active`); one call at a time. */
export function usePoll(load: () => Promise<void>, everyMs: number, active = true, deps: unknown[] = []) {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        await latest.current();
      } catch {
        // A failed call (the system restarting, a network blip): the next tick tries again.
      } finally {
        if (!stopped) timer = setTimeout(tick, everyMs);
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, everyMs, ...deps]);
}

export function Section(props: { title: string; children: ComponentChildren; id?: string }) {
  const id = props.id ?? `section-${props.title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} class="card">
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** Log in, or (with `allowRegister`) create an account and log in with it. */
export function SignInForm({
  allowRegister = true,
  onDone,
}: {
  allowRegister?: boolean;
  onDone?: () => void;
}) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const failed = mode === 'login' ? await logIn(email, password) : await register(name, email, password);
    setBusy(false);
    setProblem(failed);
    if (!failed) onDone?.();
  };
  return (
    <form class="card sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{mode === 'login' ? 'Sign in' : 'Create an account'}</h2>
      {mode === 'register' && (
        <Field label="Name" name="name" value={name} onInput={setName} autocomplete="name" />
      )}
      <Field label="E-mail" name="email" type="email" value={email} onInput={setEmail} autocomplete="email" />
      <Field
        label="Password"
        name="password"
        type="password"
        value={password}
        onInput={setPassword}
        autocomplete={mode === 'login' ? 'current-password' : 'new-password'}
        hint={mode === 'register' ? 'At least 10 characters, not a common password.' : undefined}
      />
      <ProblemMessage problem={problem} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {mode === 'login' ? 'Sign in' : 'Create account'}
        </button>
        {allowRegister && (
          <button
            type="button"
            class="link"
            onClick={() => {
              setMode(mode === 'login' ? 'register' : 'login');
              setProblem(undefined);
            }}
          >
            {mode === 'login' ? 'New here? Create an account' : 'Have an account? Sign in'}
          </button>
        )}
      </div>
    </form>
  );
}
