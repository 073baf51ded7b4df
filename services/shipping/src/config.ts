import { ConfigError, loadConfig } from '@bazaar/config';
import { type Static, Type } from '@sinclair/typebox';
import { parseCountryList } from './domain/countries.js';
import type { ShippingRules } from './domain/shipment.js';

export const ShippingConfig = Type.Object({
  SHIPPING_UNAVAILABLE_COUNTRIES: Type.String({
    maxLength: 1000,
    pattern: '^\\s*[A-Za-z]{2}(\\s*,\\s*[A-Za-z]{2})*\\s*$',
    default: 'AQ',
    description: 'comma-separated ISO 3166-1 alpha-2 codes Bazaar does not ship to',
  }),
});
export type ShippingConfig = Static<typeof ShippingConfig>;

/** The shipping rules from the environment; an unknown country code stops the start like any bad value. */
export function loadShippingRules(env: NodeJS.ProcessEnv): ShippingRules {
  const config = loadConfig(ShippingConfig, env);
  const parsed = parseCountryList(config.SHIPPING_UNAVAILABLE_COUNTRIES);
  if (!parsed.ok) {
    throw new ConfigError([
      `SHIPPING_UNAVAILABLE_COUNTRIES: ${parsed.unknown.join(', ')} ${parsed.unknown.length === 1 ? 'is' : 'are'} not ISO 3166-1 alpha-2 country codes (got ${JSON.stringify(config.SHIPPING_UNAVAILABLE_COUNTRIES)})`,
    ]);
  }
  return { unavailableCountries: parsed.countries };
}
