/**
 * One definition of each string format (src/runtime/formats.ts): the runtime's
 * read and write checks and the tests' schema validation agree on every value.
 * So do their numeric bounds and multipleOf.
 */

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FORMATS, formatProblem } from '../../src/runtime/formats.js';
import { fitUnified } from '../../src/runtime/read.js';
import { checkRules } from '../../src/runtime/validate.js';
import type { FieldIssue } from '../../src/runtime/index.js';
import { assertUnifiedRecord } from '../support/unified-schema.js';

const cases: [format: string, valid: string[], invalid: string[]][] = [
  [
    'email',
    ['ada@example.com', 'a.b+c@mail.example.co.uk', 'x@localhost', "o'brien!#$%&*/=?^_`{|}~-@x-1.example", `a@${'b'.repeat(63)}.com`, `${'a'.repeat(240)}@example.com`],
    ['!@!', 'a@b@c', 'ada@', '@example.com', 'ada example@x.com', 'ada@-x.com', 'a..b@x.com', '', '.ada@x.com', 'ada.@x.com', 'ada@x-.com', 'ada@x..com', 'ada@x.com.', 'adé@x.com', 'ada@x_y.com', `a@${'b'.repeat(64)}.com`, `${'a'.repeat(243)}@example.com`, 'ada@x.com\n'],
  ],
  ['date-time', ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.123+02:00', '2024-02-29T00:00:00Z'], ['2024-01-02T03:04', '2024-01-02', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-02T24:00:00Z', 'yesterday']],
  ['date', ['2024-01-02', '2024-02-29'], ['2023-02-29', '2024-1-2', '2024-01-02T00:00:00Z']],
  ['uri', ['https://example.com/a?b=c', 'mailto:ada@example.com'], ['example.com', '/relative', 'https://exa mple.com']],
  ['uuid', ['0b6f2a4e-8c1d-4f6a-9b2e-3c4d5e6f7a8b'], ['0b6f2a4e8c1d4f6a9b2e3c4d5e6f7a8b', 'not-a-uuid']],
  ['country-code', ['GB', 'US'], ['gb', 'GBR', 'United Kingdom']],
];

describe('string formats', () => {
  it.each(cases)('%s: accepts the valid and refuses the invalid', (format, valid, invalid) => {
    for (const value of valid) expect(FORMATS[format]!.test(value), value).toBe(true);
    for (const value of invalid) expect(FORMATS[format]!.test(value), value).toBe(false);
  });

  it.each(cases)('%s: reading, validating a write and the schema check give one answer', (format, valid, invalid) => {
    const ajv = new Ajv({ strict: false });
    for (const [name, definition] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: (v: string) => definition.test(v) });
    const schema = ajv.compile({ type: 'string', format });
    for (const value of [...valid, ...invalid]) {
      const accepted = FORMATS[format]!.test(value);
      expect(fitUnified(value, { format }, 'f', () => undefined) === value, `read ${value}`).toBe(accepted);
      const issues: FieldIssue[] = [];
      checkRules(value, 'f', issues, { format });
      expect(issues.length === 0, `write ${value}`).toBe(accepted);
      expect(schema(value), `schema ${value}`).toBe(accepted);
    }
  });

  it('a provider text far past a maxLength is read as too long without walking its characters', () => {
    const problems: string[] = [];
    const iterate = String.prototype[Symbol.iterator];
    let walked = 0;
    String.prototype[Symbol.iterator] = function (this: string) {
      walked++;
      return iterate.call(this);
    };
    try {
      expect(fitUnified('x'.repeat(1024 * 1024), { maxLength: 2 }, 'country', (_, problem) => problems.push(problem))).toBeNull();
      // Between the bound and twice it, code points are counted: two emoji are two characters in four units.
      expect(fitUnified('😀😀', { maxLength: 2 }, 'country', (_, problem) => problems.push(problem))).toBe('😀😀');
    } finally {
      String.prototype[Symbol.iterator] = iterate;
    }
    expect(problems).toEqual(['a long string is longer than 2 characters']);
    expect(walked).toBe(1);
  });

  it("the tests' unified schema check uses the same email definition as the runtime", () => {
    expect(() => assertUnifiedRecord({ emails: [{ email: 'ada@example.com', type: 'primary' }] })).not.toThrow();
    expect(() => assertUnifiedRecord({ emails: [{ email: '!@!', type: 'primary' }] })).toThrow(/email/);
    expect(formatProblem('email', '!@!')).toBe('an email address');
    expect(formatProblem('no-such-format', 'anything')).toBeUndefined();
  });
});

describe('numeric bounds', () => {
  // OpenAPI 3.0's boolean exclusive bounds reach the runtime as these numbers (src/ir/schema.ts), as draft-07 states them.
  const bounds: [rules: Record<string, number>, valid: number[], invalid: number[]][] = [
    [{ minimum: 1, maximum: 100 }, [1, 50, 100], [0, 101]],
    [{ exclusiveMinimum: 0 }, [0.5, 1], [0, -1]],
    [{ exclusiveMaximum: 100 }, [99, 99.9], [100, 101]],
    [{ minimum: 0, exclusiveMaximum: 10 }, [0, 9], [-1, 10]],
    [{ multipleOf: 15 }, [0, 15, 45, -30], [1, 20]],
    // 19.99 / 0.01 is 1998.9999999999998 in binary floating point: still a multiple.
    [{ multipleOf: 0.01 }, [19.99, 0.3, 1], [0.005, 19.999]],
  ];

  it.each(bounds)('%j: validating a write and the schema check give one answer', (rules, valid, invalid) => {
    // The options of the tests' schema checks (test/support/unified-schema.ts).
    const schema = new Ajv({ strict: false, multipleOfPrecision: 9 }).compile({ type: 'number', ...rules });
    for (const value of [...valid, ...invalid]) {
      const issues: FieldIssue[] = [];
      checkRules(value, 'f', issues, rules);
      expect(issues.length === 0, `write ${value}: ${issues.map((i) => i.message).join('; ')}`).toBe(valid.includes(value));
      expect(schema(value), `schema ${value}`).toBe(valid.includes(value));
    }
  });
});
