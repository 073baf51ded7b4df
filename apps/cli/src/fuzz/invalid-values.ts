import fc from 'fast-check';
import type { JsonSchema } from './operations.js';
import { type Hints, validValue } from './valid-values.js';

/** Strings that have broken parsers, databases and loggers before. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(8),
  '\t\r\n',
  '\u001b[31mred',
  '\u007f',
  '\ud800', // a lone high surrogate
  'x\udfffy', // a lone low surrogate
  '\ufeffbom',
  '\uffff\ufffe',
  '\u202egnp.exe', // right-to-left override
  '\u200b\u200c\u200d\u2060', // zero-width characters
  'Z\u0335\u0321\u0327\u0354\u0332\u033a\u0316', // stacked combining marks
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '𝕿𝖍𝖊',
  'ﷺ',
  '\u0130\u0131ß',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '%s%n%x%d',
  '\u0024{jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '%',
  '\\',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '__proto__',
  'constructor',
  '{"a":1}',
  '[]',
];

/** Property names for extra properties: unknown, prototype-polluting, U+0000 and other odd keys. */
export const NASTY_KEYS: readonly string[] = [
  'extra',
  '__proto__',
  'constructor',
  'prototype',
  '',
  '\u0000',
  'a\u0000',
  '$where',
  '\ud800',
  '🙂',
  'x'.repeat(1000),
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 10 }))
      .map((parts) => parts.join('')),
  },
);

/** A long string, built (not generated character by character) so that 100 kB costs nothing. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(257, 1_025, 4_097, 20_000, 70_000, 300_000),
    fc.constantFrom('x', 'é', '😀', '\u0000', ' '),
  )
  .map(([length, unit]) => unit.repeat(length));

const typesOf = (schema: JsonSchema): string[] =>
  Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];

const ANY_TYPE: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('1', 'true', 'null')),
  integer: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 53 + 1, -(2 ** 63))),
  number: fc.constantFrom(1.5, -0.000001, 1e308, -1e308),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
};

/** A value whose JSON type the schema does not allow. */
export function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = new Set(typesOf(schema));
  if (allowed.has('number')) allowed.add('integer');
  const others = Object.entries(ANY_TYPE).filter(([type]) => !allowed.has(type));
  return fc.oneof(...others.map(([, arbitrary]) => arbitrary));
}

/** Values just outside the schema's bounds, pattern, format or enum (of the right type, mostly). */
export function outOfRange(schema: JsonSchema): fc.Arbitrary<unknown> {
  const candidates: unknown[] = [];
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) {
    candidates.push(0.5, -1, 2 ** 31, 2 ** 53 + 2, -(2 ** 53) - 2, 1e21);
    if (min !== undefined) candidates.push(min - 1, min - 0.5);
    if (max !== undefined) candidates.push(max + 1, max + 0.5, max * 1000);
  }
  if (types.includes('string')) {
    if (typeof schema.maxLength === 'number') candidates.push('y'.repeat(schema.maxLength + 1));
    if (typeof schema.minLength === 'number' && schema.minLength > 0)
      candidates.push('y'.repeat(schema.minLength - 1));
    if (schema.pattern || schema.format)
      candidates.push('!', 'not valid at all', ' 00000000-0000-0000-0000-000000000000');
    if (schema.format === 'uuid')
      candidates.push('00000000-0000-0000-0000-00000000000g', '{00000000-0000-0000-0000-000000000000}', '0');
    if (schema.format === 'date-time')
      candidates.push('2024-13-45T25:61:61Z', '0000-00-00T00:00:00Z', 'yesterday');
    if (schema.format === 'email') candidates.push('@', 'a@', 'a@b@c', 'a b@c.d');
  }
  if (Array.isArray(schema.enum)) candidates.push('NOT_AN_ENUM_VALUE', String(schema.enum[0]).toLowerCase());
  if (types.includes('array')) {
    if (typeof schema.minItems === 'number' && schema.minItems > 0) candidates.push([]);
    if (typeof schema.maxItems === 'number')
      candidates.push(Array.from({ length: schema.maxItems + 1 }, () => ({})));
  }
  return candidates.length > 0 ? fc.constantFrom(...candidates) : wrongType(schema);
}

/** Any invalid value for one schema: wrong type, out of range, nasty or huge. */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: wrongType(schema) },
    { weight: 3, arbitrary: outOfRange(schema) },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: hugeString },
  );
}

/** A node of a JSON value with the schema that describes it. */
export interface Node {
  path: (string | number)[];
  value: unknown;
  schema: JsonSchema;
}

/** Every node of `value` (itself included), paired with its sub-schema where the schema names one. */
export function nodesOf(value: unknown, schema: JsonSchema, path: (string | number)[] = []): Node[] {
  const nodes: Node[] = [{ path, value, schema }];
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  const effective = choices?.find((choice) => !typesOf(choice).includes('null')) ?? schema;
  if (Array.isArray(value)) {
    const items = (effective.items ?? {}) as JsonSchema;
    for (const [index, item] of value.entries()) nodes.push(...nodesOf(item, items, [...path, index]));
  } else if (value && typeof value === 'object') {
    const properties = (effective.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, item] of Object.entries(value))
      nodes.push(...nodesOf(item, properties[key] ?? {}, [...path, key]));
  }
  return nodes;
}

/** A copy of `root` with the node at `path` replaced by `replacement` (or removed when `remove`). */
export function replaceAt(
  root: unknown,
  path: readonly (string | number)[],
  replacement: unknown,
  remove = false,
): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && remove) copy.splice(head as number, 1);
    else copy[head as number] = replaceAt(copy[head as number], rest, replacement, remove);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  if (rest.length === 0 && remove) delete copy[head as string];
  else
    Object.defineProperty(copy, head as string, {
      value: replaceAt(copy[head as string], rest, replacement, remove),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

/** Adds `key` to the object at `path` (defineProperty, so `__proto__` becomes a real key in the JSON). */
function withKey(root: unknown, path: readonly (string | number)[], key: string, value: unknown): unknown {
  const node = path.reduce<unknown>(
    (current, step) => (current as Record<string, unknown>)[step as string],
    root,
  );
  const copy = { ...(node as Record<string, unknown>) };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return replaceAt(root, path, copy);
}

const DEEP = '\u0001deep-nesting:';
/** A placeholder for arrays nested `depth` deep: JSON.stringify itself overflows the stack on 100,000. */
const nested = (depth: number) => `${DEEP}${depth}`;

/** JSON text of a (mutated) body, with deep-nesting placeholders written out. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? '').replace(
    /"\\u0001deep-nesting:(\d+)"/g,
    (_, depth: string) => `${'['.repeat(Number(depth))}${']'.repeat(Number(depth))}`,
  );
}

export type BodyMutation =
  | 'wrong-type'
  | 'out-of-range'
  | 'nasty-string'
  | 'huge-string'
  | 'missing-required'
  | 'extra-property'
  | 'deep-nesting';

/**
 * A body that is valid JSON but does not validate: one valid body with one node changed. Answers the
 * mutation's name with the value.
 */
export function invalidBody(
  schema: JsonSchema,
  hints: Hints = {},
): fc.Arbitrary<{ mutation: BodyMutation; value: unknown }> {
  return validValue(schema, hints).chain((valid) => {
    const nodes = nodesOf(valid, schema);
    const objects = nodes.filter(
      (node) => node.value && typeof node.value === 'object' && !Array.isArray(node.value),
    );
    const requiredHolders = objects.filter((node) =>
      ((node.schema.required as string[] | undefined) ?? []).some((key) => key in (node.value as object)),
    );
    const strings = nodes.filter((node) => typeof node.value === 'string');
    const pick = (list: Node[]) => fc.nat({ max: list.length - 1 }).map((index) => list[index]!);
    const options: { weight: number; arbitrary: fc.Arbitrary<{ mutation: BodyMutation; value: unknown }> }[] =
      [
        {
          weight: 3,
          arbitrary: pick(nodes).chain((node) =>
            wrongType(node.schema).map((replacement) => ({
              mutation: 'wrong-type' as const,
              value: replaceAt(valid, node.path, replacement),
            })),
          ),
        },
        {
          weight: 2,
          arbitrary: pick(nodes).chain((node) =>
            outOfRange(node.schema).map((replacement) => ({
              mutation: 'out-of-range' as const,
              value: replaceAt(valid, node.path, replacement),
            })),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(pick(nodes), fc.constantFrom(100, 5_000, 100_000)).map(([node, depth]) => ({
            mutation: 'deep-nesting' as const,
            value: replaceAt(valid, node.path, nested(depth)),
          })),
        },
      ];
    if (strings.length > 0) {
      options.push(
        {
          weight: 3,
          arbitrary: fc.tuple(pick(strings), nastyString).map(([node, replacement]) => ({
            mutation: 'nasty-string' as const,
            value: replaceAt(valid, node.path, replacement),
          })),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(pick(strings), hugeString).map(([node, replacement]) => ({
            mutation: 'huge-string' as const,
            value: replaceAt(valid, node.path, replacement),
          })),
        },
      );
    }
    if (requiredHolders.length > 0) {
      options.push({
        weight: 2,
        arbitrary: pick(requiredHolders).chain((node) => {
          const present = ((node.schema.required as string[]) ?? []).filter(
            (key) => key in (node.value as object),
          );
          return fc.constantFrom(...present).map((key) => ({
            mutation: 'missing-required' as const,
            value: replaceAt(valid, [...node.path, key], undefined, true),
          }));
        }),
      });
    }
    if (objects.length > 0) {
      options.push({
        weight: 2,
        arbitrary: fc
          .tuple(
            pick(objects),
            fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ unit: 'binary', maxLength: 8 })),
            fc.oneof(fc.integer(), nastyString, fc.constant({ polluted: true })),
          )
          .filter(([node, key]) => !(key in (node.value as object)))
          .map(([node, key, value]) => ({
            mutation: 'extra-property' as const,
            value: withKey(valid, node.path, key, value),
          })),
      });
    }
    return fc.oneof(...options);
  });
}

/** Bodies that are not JSON, or not the JSON they claim to be. */
export function malformedJson(valid: unknown): fc.Arbitrary<string | Uint8Array> {
  const text = JSON.stringify(valid) ?? 'null';
  return fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '{',
      '}',
      '{"a":}',
      "{'a': 1}",
      '{"a":1,}',
      '[1,2',
      'NaN',
      'undefined',
      '{"a":1}{"b":2}',
      '\ufeff{}',
      '1e999999',
      '"\\ud800"',
      '{"a":"\\u0000"}',
      '{"\\u0000":1}',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      `${text}garbage`,
      `${text}\u0000`,
    ),
    fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut)),
    // Bytes that are not UTF-8 inside a string.
    fc.constantFrom(
      Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      Uint8Array.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]),
      Uint8Array.from([0xed, 0xa0, 0x80]),
    ),
  );
}
