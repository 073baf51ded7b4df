import { FormatRegistry, type Static, type TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

// Formats that configuration values use; TypeBox checks only formats it has been taught.
if (!FormatRegistry.Has('email'))
  FormatRegistry.Set('email', (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value));
if (!FormatRegistry.Has('uri')) {
  FormatRegistry.Set('uri', (value) => {
    try {
      return Boolean(new URL(value).protocol);
    } catch {
      return false;
    }
  });
}

/** Thrown at start when the environment does not satisfy a schema; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads the variables a schema names from the environment (12-factor), converts them to the schema's
 * types, applies defaults and validates. Empty strings count as unset so `FOO= npm start` behaves like
 * an absent FOO.
 */
export function loadConfig<T extends TObject>(schema: T, env: NodeJS.ProcessEnv = process.env): Static<T> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  // Convert works in place: hand it a copy so messages show the text that was given, not a converted value.
  const converted = Value.Convert(schema, { ...raw }) as Record<string, unknown>;
  // TypeBox turns '1.5' and '1e3' into the integer 1 by truncation; keep such text so validation refuses it.
  for (const [key, value] of Object.entries(raw)) {
    const whole = /^\s*[+-]?\d+\s*$/.test(String(value));
    if (schema.properties[key]?.type === 'integer' && !whole) converted[key] = value;
  }
  const withDefaults = Value.Default(schema, converted);
  const reported = new Set<string>();
  const problems = [...Value.Errors(schema, withDefaults)].flatMap((error) => {
    const variable = error.path.replace(/^\//, '') || '(root)';
    // One line per variable: TypeBox lists every failed rule (required, then type, then format…).
    if (reported.has(variable)) return [];
    reported.add(variable);
    const given = raw[variable];
    const shown = given === undefined ? 'it is not set' : `got ${JSON.stringify(given)}`;
    const description = schema.properties[variable]?.description;
    return `${variable}: ${error.message} (${shown})${description ? ` — ${description}` : ''}`;
  });
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return withDefaults as Static<T>;
}
