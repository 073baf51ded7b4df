import fc from 'fast-check';
import type { JsonSchema } from './operations.js';

/**
 * Known good values by property or parameter name (ids that exist, a registered email, a consumer group):
 * a generated valid value is drawn from them half of the time, so valid requests reach more than 404.
 */
export type Hints = Readonly<Record<string, readonly string[]>>;

const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/), fc.stringMatching(/^[a-z0-9]{1,12}$/))
  .map(([local, domain]) => `${local.replace(/\.+$/, '').replace(/\.{2,}/g, '.') || 'x'}@${domain}.example`);

const dateTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  email,
  'date-time': dateTime,
  uri: fc.stringMatching(/^[a-z0-9-]{1,20}$/).map((segment) => `https://example.com/${segment}`),
  'uri-reference': fc.stringMatching(/^[a-z0-9-]{1,20}$/).map((segment) => `/${segment}`),
};

const typesOf = (schema: JsonSchema): string[] =>
  Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = num(schema.maxLength) ?? Math.max(minLength, 40);
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  if (format) return format.filter((value) => fits(value) && (!pattern || pattern.test(value)));
  if (pattern) return fc.stringMatching(pattern).filter(fits);
  // Printable ASCII with a non-space in it: what every free-text field accepts.
  return fc
    .string({ unit: 'grapheme-ascii', minLength, maxLength: Math.min(maxLength, minLength + 30) })
    .filter((value) => value.trim() === value || /\S/.test(value));
}

function integerBounds(schema: JsonSchema) {
  let min = num(schema.minimum) ?? -1_000_000;
  let max = num(schema.maximum) ?? Math.max(min + 1_000_000, 1_000_000);
  if (num(schema.exclusiveMinimum) !== undefined) min = Math.floor(num(schema.exclusiveMinimum)!) + 1;
  if (num(schema.exclusiveMaximum) !== undefined) max = Math.ceil(num(schema.exclusiveMaximum)!) - 1;
  return { min: Math.ceil(min), max: Math.floor(max) };
}

function objectArbitrary(schema: JsonSchema, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, validValue(property, hints, name)]),
  );
  const minProperties = num(schema.minProperties) ?? 0;
  return fc
    .record(model, { requiredKeys: [...required].filter((key) => key in properties) })
    .filter((value) => Object.keys(value).length >= minProperties) as fc.Arbitrary<Record<string, unknown>>;
}

/** Values that validate against `schema`; `name` is the property or parameter they are for (see Hints). */
export function validValue(schema: JsonSchema, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (choices) return fc.oneof(...choices.map((choice) => validValue(choice, hints, name)));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type }, hints, name)));
  switch (types[0] ?? (schema.properties ? 'object' : 'string')) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer(integerBounds(schema));
    case 'number': {
      const { min, max } = integerBounds(schema);
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'array': {
      const minLength = num(schema.minItems) ?? 0;
      const maxLength = Math.min(num(schema.maxItems) ?? minLength + 4, minLength + 4);
      return fc.array(validValue((schema.items ?? {}) as JsonSchema, hints, name), { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, hints);
    default: {
      const generated = stringArbitrary(schema);
      const known = name ? hints[name] : undefined;
      return known && known.length > 0 ? fc.oneof(fc.constantFrom(...known), generated) : generated;
    }
  }
}
