import { FormatRegistry, type Static, type TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

// Formats that configuration values use; TypeBox checks only formats it has been taught.
if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value));
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
  const withDefaults = Value.Default(schema, Value.Convert(schema, raw));
  const problems = [...Value.Errors(schema, withDefaults)].map((error) => {
    const variable = error.path.replace(/^\//, '') || '(root)';
    const given = raw[variable];
    const shown = given === undefined ? 'it is not set' : `got ${JSON.stringify(given)}`;
    const description = schema.properties[variable]?.description;
    return `${variable}: ${error.message} (${shown})${description ? ` — ${description}` : ''}`;
  });
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return withDefaults as Static<T>;
}
