import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { converters } from '../../src/runtime/index.js';
import { countries, countryNameToAlpha2 } from '../../src/runtime/countries.js';

describe('converters', () => {
  it.each([
    ['2022-05-17T10:04:14-04:00', '2022-05-17T14:04:14.000Z'],
    ['2020-09-30T07:43:32Z', '2020-09-30T07:43:32.000Z'],
    ['2020-09-30T07:43:32.000Z', '2020-09-30T07:43:32.000Z'],
    ['2020-09-30T07:43:32.5+01:30', '2020-09-30T06:13:32.500Z'],
    ['2020-09-30 07:43:32Z', '2020-09-30T07:43:32.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    // An offset that moves the clock across midnight moves the day, the month and the year with it.
    ['2022-05-17T22:30:00-04:00', '2022-05-18T02:30:00.000Z'],
    ['2024-02-28T21:00:00-05:00', '2024-02-29T02:00:00.000Z'],
    ['2023-02-28T21:00:00-05:00', '2023-03-01T02:00:00.000Z'],
    ['2022-12-31T23:30:00-01:00', '2023-01-01T00:30:00.000Z'],
    ['2023-01-01T01:00:00+05:30', '2022-12-31T19:30:00.000Z'],
    ['2024-03-01T00:15:00+00:30', '2024-02-29T23:45:00.000Z'],
    ['2022-05-17T23:59:59.999-23:59', '2022-05-18T23:58:59.999Z'],
    ['2022-05-17T00:00:00+48:00', '2022-05-15T00:00:00.000Z'],
    ['9999-12-31T23:00:00+01:00', '9999-12-31T22:00:00.000Z'],
    ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z'],
    ['2016-12-31T23:59:60.000Z', '2016-12-31T23:59:60.000Z'],
  ])('date-time reads %s as %s', (provider, unified) => {
    expect(converters['date-time'].read(provider)).toBe(unified);
  });

  // The fast path parses and writes by character code, moving the day across midnight by table: it must
  // agree with Date on every shape it takes, not only on the cases listed above.
  it('date-time agrees with Date on 20,000 seeded date-times of every offset and fraction length', () => {
    let state = 12_345;
    const next = (below: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((state / 2_147_483_648) * below);
    };
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Years 1000–2999 (whole days, any time of day), so the offset can cross midnight, a month's end and a year's end.
      const instant = new Date(Date.UTC(1000 + next(2000), next(12), 1 + next(31), next(24), next(60), next(60)));
      const fraction = ['', '.5', '.25', '.125', '.1234567', '.9996'][next(6)]!;
      const zone = next(8) === 0 ? 'Z' : `${next(2) ? '+' : '-'}${pad(next(24), 2)}:${pad(next(60), 2)}`;
      const text = `${instant.toISOString().slice(0, 19)}${fraction}${zone}`;
      const expected = new Date(Date.parse(text)).toISOString();
      const read = converters['date-time'].read(text);
      if (read !== expected) disagreements.push(`${text}: ${String(read)}, Date says ${expected}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });

  it.each([
    ['2024-01-10 09:00:00', '2024-01-10T09:00:00.000Z'],
    ['2024-12-31 23:59:59', '2024-12-31T23:59:59.000Z'],
  ])('utc-spaced reads %s as %s and writes it back', (provider, unified) => {
    expect(converters['utc-spaced'].read(provider)).toBe(unified);
    expect(converters['utc-spaced'].write(unified)).toBe(provider);
  });

  it.each([['2024-01-10T09:00:00Z'], ['2024-02-30 00:00:00'], ['2024-01-10 09:00'], [''], [1700000000], [null]])('utc-spaced refuses %j', (value) => {
    expect(converters['utc-spaced'].read(value)).toBeUndefined();
  });

  it.each([['2023-02-30T00:00:00Z'], ['2023-13-01T00:00:00Z'], ['yesterday'], [''], [1700000000], [null], ['2020-09-30T25:00:00Z']])('date-time refuses %j', (value) => {
    expect(converters['date-time'].read(value)).toBeUndefined();
  });

  // The day the provider wrote, in its own offset: a birthday at local midnight east of UTC is not the day before.
  it.each([
    ['1990-05-01T00:00:00+02:00', '1990-05-01'],
    ['1990-05-01T23:30:00-05:00', '1990-05-01'],
    ['2024-02-29T12:00:00.000Z', '2024-02-29'],
  ])('calendar-date reads %s as %s', (provider, unified) => {
    expect(converters['calendar-date'].read(provider)).toBe(unified);
  });

  it('calendar-date writes a day as midnight UTC, and refuses what is no calendar date', () => {
    expect(converters['calendar-date'].write('1990-05-01')).toBe('1990-05-01T00:00:00.000Z');
    for (const value of ['1990-02-30', '1990-05-01T00:00:00Z', 'May 1', '']) expect(converters['calendar-date'].write(value)).toBeUndefined();
    for (const value of ['1990-05-01', '2023-02-30T00:00:00Z', 'yesterday', 631152000, null]) expect(converters['calendar-date'].read(value)).toBeUndefined();
  });

  it.each([
    [1700000000, '2023-11-14T22:13:20.000Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    ['1700000000', '2023-11-14T22:13:20.000Z'],
  ])('unix-seconds reads %j as %s and writes it back', (provider, unified) => {
    expect(converters['unix-seconds'].read(provider)).toBe(unified);
    expect(converters['unix-seconds'].write(unified)).toBe(Number(provider));
  });

  it.each([
    ['Ada Lovelace', ['Ada', 'Lovelace']],
    ['  Ada   King  Lovelace ', ['Ada King', 'Lovelace']],
    ['Cher', ['Cher', null]],
    ['', [null, null]],
    // Any whitespace separates words, not only single spaces.
    ['Ada\tKing Lovelace', ['Ada King', 'Lovelace']],
    ['Ada\u00a0Lovelace', ['Ada', 'Lovelace']],
    ['José María\u3000Pérez', ['José María', 'Pérez']],
    ['Zoë Kravitz', ['Zoë', 'Kravitz']],
  ] as const)('full-name splits %j', (name, parts) => {
    expect(converters['full-name'].read(name)).toEqual(parts);
  });

  it.each([
    [['Ada', 'Lovelace'], 'Ada Lovelace'],
    [['Ada', null], 'Ada'],
    [[null, 'Lovelace'], 'Lovelace'],
    [[null, null], undefined],
    [['  ', ''], undefined],
  ] as const)('full-name joins %j', (parts, name) => {
    expect(converters['full-name'].write([...parts])).toBe(name);
  });

  it.each([
    [840, 'US'],
    ['826', 'GB'],
    ['004', 'AF'],
    ['United States of America', 'US'],
    ['Côte d’Ivoire', 'CI'],
  ])('country-numeric reads %j as %s', (provider, unified) => {
    expect(converters['country-numeric'].read(provider)).toBe(unified);
  });

  it.each([['FR', 250], ['fr', 250], ['ZZ', undefined], ['XK', undefined], ['', undefined]])('country-numeric writes %j as %j', (unified, provider) => {
    expect(converters['country-numeric'].write(unified)).toBe(provider);
  });

  it.each([
    [42, '42'],
    ['abc', 'abc'],
    [Number.NaN, undefined],
    [null, undefined],
  ])('number-string reads %j as %j', (provider, unified) => {
    expect(converters['number-string'].read(provider)).toBe(unified);
  });

  it.each([['42', 42], ['-7', -7], ['4.5', 4.5], ['4e3', undefined], ['12345678901234567890', undefined], ['', undefined]])('number-string writes %j as %j', (unified, provider) => {
    expect(converters['number-string'].write(unified)).toBe(provider);
  });

  it('country-name reads every table spelling as written and as providers vary it (case, accents, spacing) to one code', () => {
    for (const country of countries) {
      const plain = country.name.normalize('NFD').replace(/\p{Diacritic}/gu, '');
      for (const spelling of [country.name, country.alpha2, country.alpha3, country.name.toLowerCase(), plain, `  ${country.name.toUpperCase()} `, country.alpha3.toLowerCase()]) {
        expect(countryNameToAlpha2(spelling), spelling).toBe(country.alpha2);
      }
    }
    expect(countryNameToAlpha2('Korea, Republic of')).toBe('KR');
    expect(countryNameToAlpha2('Republic of Korea')).toBe('KR');
    expect(countryNameToAlpha2('United States')).toBe('US');
    expect(countryNameToAlpha2('UK')).toBe('GB');
    expect(countryNameToAlpha2('Atlantis')).toBeUndefined();
  });

  it('country-name reads texts of megabytes as no country, and does not keep them', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const padding = ' '.repeat(2 * 1024 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let answer = 0; answer < 8; answer++) {
      // A fresh string of 2 MiB each time, as each answer brings its own: remembered answers were keyed by it.
      const value = `United States${padding}${answer}`;
      expect(converters['country-name'].read(value)).toBeUndefined();
    }
    gc();
    // Kept, they would hold 16 MiB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(6 * 1024 * 1024);
  });
});
