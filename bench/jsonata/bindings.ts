/**
 * Variables the JSONata baselines are evaluated with:
 * `jsonata(expression).evaluate(record, bindings(service))`. JSONata has no
 * country table of its own, so the connectors that convert country names get
 * one as data, the way a JSONata mapping platform would bind a lookup table.
 */

import { countries, countryNameToAlpha2 } from '../../src/runtime/countries.js';

/** Everyday English names providers write that are not the ISO short name. */
const aliases = [
  'United States', 'United Kingdom', 'UK', 'Great Britain', 'Britain', 'Russia', 'South Korea', 'North Korea', 'Vietnam', 'Iran', 'Syria',
  'Bolivia', 'Venezuela', 'Tanzania', 'Laos', 'Moldova', 'Czech Republic', 'Turkey', 'Ivory Coast', 'Macedonia', 'Swaziland', 'Cape Verde',
  'Holland', 'Burma', 'Vatican', 'Vatican City', 'Palestine', 'Taiwan', 'Micronesia', 'Brunei', 'Macau', 'East Timor', 'DR Congo',
  'Republic of the Congo', 'Falkland Islands', 'British Virgin Islands', 'US Virgin Islands', 'Saint Martin', 'Sint Maarten', 'Cocos Islands',
  'Pitcairn Islands', 'Saint Helena', 'UAE',
];

/**
 * Lower-cased country name, alpha-2, alpha-3 or numeric code → alpha-2. The
 * values come from the runtime's own table, so the lookup agrees with the
 * `country-name` converter on every key it holds.
 */
function countryTable(): Record<string, string> {
  const keys = [...countries.flatMap((c) => [c.name, c.alpha2, c.alpha3, String(c.numeric), String(c.numeric).padStart(3, '0')]), ...aliases];
  const table: Record<string, string> = {};
  for (const key of keys) {
    const alpha2 = countryNameToAlpha2(key);
    if (alpha2 !== undefined) table[key.toLowerCase()] = alpha2;
  }
  return table;
}

const countryLookup = countryTable();

export function bindings(service: string): Record<string, unknown> {
  switch (service) {
    case 'intercom':
    case 'kickserv':
    case 'revnue':
      return { countries: countryLookup };
    default:
      return {};
  }
}
