import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    useDefaults: true,
    // Unknown fields are rejected by `additionalProperties: false`, never silently dropped.
    removeAdditional: false,
    strict: false,
    ...options,
  });
  addFormats.default(ajv, ['email', 'uuid', 'uri', 'date-time', 'date']);
  return ajv;
}

/**
 * Query strings, params and headers arrive as text, so they are coerced to the schema's types; bodies
 * are JSON and must already have the right types (`"5"` is not a quantity).
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = createAjv({ coerceTypes: 'array' });
  const strict = createAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
