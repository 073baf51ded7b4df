import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { ConfigError, loadConfig } from '../src/index.js';

const Schema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65_535, default: 8080, description: 'the HTTP port' }),
  DEBUG: Type.Boolean({ default: false }),
  SERVICE_NAME: Type.String({ minLength: 1 }),
  ADMIN_EMAIL: Type.String({ format: 'email', default: 'admin@bazaar.local' }),
  UPSTREAM_URL: Type.Optional(Type.String({ format: 'uri' })),
});

/** Runs loadConfig and returns the ConfigError it throws; fails the test when it does not throw one. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(Schema, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected loadConfig to refuse ${JSON.stringify(env)}`);
}

describe('loadConfig conversions and defaults', () => {
  it('converts numeric strings to integers and boolean strings to booleans', () => {
    // given
    const env = { SERVICE_NAME: 'catalog', PORT: '3000', DEBUG: 'true' };
    // when
    const config = loadConfig(Schema, env);
    // then
    assert.equal(config.PORT, 3000);
    assert.equal(config.DEBUG, true);
    assert.equal(typeof config.PORT, 'number');
  });

  it('accepts true/false, 1/0 and any case for booleans', () => {
    const cases: [string, boolean][] = [
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['false', false],
      ['False', false],
      ['0', false],
    ];
    for (const [given, expected] of cases) {
      assert.equal(loadConfig(Schema, { SERVICE_NAME: 'x', DEBUG: given }).DEBUG, expected, given);
    }
  });

  it('applies the defaults of variables that are not set and leaves optional ones absent', () => {
    const config = loadConfig(Schema, { SERVICE_NAME: 'catalog' });
    assert.deepEqual(config, {
      SERVICE_NAME: 'catalog',
      PORT: 8080,
      DEBUG: false,
      ADMIN_EMAIL: 'admin@bazaar.local',
    });
  });

  it('treats empty strings as unset, so defaults apply', () => {
    const config = loadConfig(Schema, {
      SERVICE_NAME: 'catalog',
      PORT: '',
      DEBUG: '',
      ADMIN_EMAIL: '',
      UPSTREAM_URL: '',
    });
    assert.equal(config.PORT, 8080);
    assert.equal(config.DEBUG, false);
    assert.equal(config.ADMIN_EMAIL, 'admin@bazaar.local');
    assert.equal('UPSTREAM_URL' in config, false);
  });

  it('reports an empty required variable as not set', () => {
    const error = configError({ SERVICE_NAME: '' });
    assert.match(error.message, /SERVICE_NAME: .*\(it is not set\)/);
  });

  it('reads only the variables the schema names', () => {
    const config = loadConfig(Schema, { SERVICE_NAME: 'catalog', PATH: '/usr/bin', HOME: '/root' });
    assert.equal('PATH' in config, false);
    assert.equal('HOME' in config, false);
  });

  it('reads process.env when no environment is passed', () => {
    const schema = Type.Object({ BAZAAR_CONFIG_TEST_VALUE: Type.Integer() });
    process.env.BAZAAR_CONFIG_TEST_VALUE = '42';
    try {
      assert.deepEqual(loadConfig(schema), { BAZAAR_CONFIG_TEST_VALUE: 42 });
    } finally {
      delete process.env.BAZAAR_CONFIG_TEST_VALUE;
    }
  });

  it('does not modify the environment it reads', () => {
    const env = { SERVICE_NAME: 'catalog', PORT: '3000' };
    loadConfig(Schema, env);
    assert.deepEqual(env, { SERVICE_NAME: 'catalog', PORT: '3000' });
  });
});

describe('loadConfig errors', () => {
  it('names the bad variable and the text that was given', () => {
    const error = configError({ SERVICE_NAME: 'catalog', PORT: 'abc' });
    assert.equal(error.name, 'ConfigError');
    assert.match(error.message, /^Invalid configuration:/);
    assert.match(error.message, /PORT: .*integer.*\(got "abc"\)/);
    assert.match(error.message, /the HTTP port/, 'the description of the variable helps the operator');
  });

  it('names every bad variable at once, not only the first', () => {
    const error = configError({
      PORT: 'abc',
      DEBUG: 'maybe',
      ADMIN_EMAIL: 'not-an-email',
      UPSTREAM_URL: 'nope',
    });
    assert.match(error.message, /PORT: .*\(got "abc"\)/);
    assert.match(error.message, /DEBUG: .*boolean.*\(got "maybe"\)/);
    assert.match(error.message, /ADMIN_EMAIL: .*email.*\(got "not-an-email"\)/);
    assert.match(error.message, /UPSTREAM_URL: .*uri.*\(got "nope"\)/);
    assert.match(error.message, /SERVICE_NAME: .*\(it is not set\)/);
    const variables = new Set(error.problems.map((problem) => problem.split(':')[0]));
    assert.deepEqual([...variables].sort(), ['ADMIN_EMAIL', 'DEBUG', 'PORT', 'SERVICE_NAME', 'UPSTREAM_URL']);
  });

  it('lists each problem once', () => {
    const error = configError({ PORT: 'abc' });
    assert.equal(new Set(error.problems).size, error.problems.length);
  });

  it('refuses integers outside their range and shows the text that was given', () => {
    const tooLarge = configError({ SERVICE_NAME: 'x', PORT: '70000' });
    assert.match(tooLarge.message, /PORT: .*less or equal to 65535 \(got "70000"\)/);

    const huge = configError({ SERVICE_NAME: 'x', PORT: '99999999999999999999' });
    assert.match(huge.message, /\(got "99999999999999999999"\)/);

    const negative = configError({ SERVICE_NAME: 'x', PORT: '-5' });
    assert.match(negative.message, /PORT: .*greater or equal to 1 \(got "-5"\)/);
  });

  it('refuses numbers that are not whole instead of truncating them', () => {
    for (const given of ['1.5', '8080.9', '1e3', '0x1F90', '80abc']) {
      const error = configError({ SERVICE_NAME: 'x', PORT: given });
      assert.match(error.message, new RegExp(`PORT: .*\\(got "${given}"\\)`), given);
    }
  });

  it('accepts an integer with surrounding spaces or a leading zero', () => {
    assert.equal(loadConfig(Schema, { SERVICE_NAME: 'x', PORT: ' 8081 ' }).PORT, 8081);
    assert.equal(loadConfig(Schema, { SERVICE_NAME: 'x', PORT: '08082' }).PORT, 8082);
  });

  it('keeps the list of problems on the error for programs to read', () => {
    const error = configError({ SERVICE_NAME: 'x', PORT: 'abc' });
    assert.equal(error.problems.length, 1);
    assert.match(error.problems[0]!, /^PORT: /);
  });
});
