import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@bazaar/config';
import { loadShippingRules } from '../src/config.js';
import { countryName, ISO_COUNTRIES, parseCountryList } from '../src/domain/countries.js';

describe('country codes', () => {
  it('knows the 249 assigned ISO 3166-1 alpha-2 codes and their names', () => {
    assert.equal(ISO_COUNTRIES.size, 249);
    assert.equal(countryName('AQ'), 'Antarctica');
    assert.equal(countryName('DE'), 'Germany');
    assert.equal(countryName('ZZ'), 'ZZ');
  });

  it('reads a comma-separated list in any case, with spaces around commas', () => {
    const parsed = parseCountryList(' aq, KP ,ru');
    assert.deepEqual(parsed, { ok: true, countries: new Set(['AQ', 'KP', 'RU']) });
  });

  it('names the entries that are not assigned codes', () => {
    assert.deepEqual(parseCountryList('AQ,UK,ZZ,EU'), { ok: false, unknown: ['UK', 'ZZ', 'EU'] });
  });
});

describe('SHIPPING_UNAVAILABLE_COUNTRIES', () => {
  it('defaults to Antarctica alone', () => {
    assert.deepEqual(loadShippingRules({}).unavailableCountries, new Set(['AQ']));
    assert.deepEqual(
      loadShippingRules({ SHIPPING_UNAVAILABLE_COUNTRIES: '' }).unavailableCountries,
      new Set(['AQ']),
    );
  });

  it('takes the codes it is given', () => {
    const rules = loadShippingRules({ SHIPPING_UNAVAILABLE_COUNTRIES: 'AQ,BV,HM' });
    assert.deepEqual(rules.unavailableCountries, new Set(['AQ', 'BV', 'HM']));
  });

  it('stops the start with a message naming the variable when a value is not a list of countries', () => {
    for (const [value, message] of [
      ['Antarctica', /SHIPPING_UNAVAILABLE_COUNTRIES: Expected string to match/],
      ['AQ;DE', /SHIPPING_UNAVAILABLE_COUNTRIES/],
      ['AQ,,DE', /SHIPPING_UNAVAILABLE_COUNTRIES/],
      ['AQ,XX', /SHIPPING_UNAVAILABLE_COUNTRIES: XX is not/],
    ] as const) {
      assert.throws(
        () => loadShippingRules({ SHIPPING_UNAVAILABLE_COUNTRIES: value }),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        value,
      );
    }
  });
});
