import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
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

type Validator = ReturnType<FastifySchemaCompiler<unknown>>;

/**
 * Query strings, params and headers arrive as text, so they are coerced to the schema's types; bodies
 * are JSON and must already have the right types (`"5"` is not a quantity).
 *
 * Each schema is compiled when its route first validates, not when the route is registered: compiling
 * every route of every service was about half a second of CPU at each start of solo mode, mostly for
 * routes nobody calls for a while. Fastify reads `errors` from the function it was given.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = createAjv({ coerceTypes: 'array' });
  const strict = createAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    let compiled: ValidateFunction | undefined;
    const validate = Object.assign(
      (data: unknown) => {
        compiled ??= ajv.compile(schema as object);
        const valid = compiled(data);
        validate.errors = compiled.errors;
        return valid;
      },
      { errors: null as ValidateFunction['errors'] },
    );
    return validate as Validator;
  };
}

/**
 * Fastify's own response serializers (fast-json-stringify), each built when its route first answers with
 * that status rather than at start, for the same reason as the validators.
 */
export function lazySerializerFactory(): SerializerSelector.SerializerFactory {
  const build = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let serialize: SerializerSelector.Serializer | undefined;
      return (data: unknown) => {
        serialize ??= compile(route);
        return serialize(data);
      };
    };
  };
}
