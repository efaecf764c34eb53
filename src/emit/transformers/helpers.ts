/**
 * What the read and write emitters share while writing one transformers
 * file: the imports and module-level functions it needs, and templates as
 * expressions.
 */

import type { FunctionDeclarationStructure } from 'ts-morph';
import { StructureKind } from '../ts-morph.js';
import type {
  ConnectorIR,
  EnumMapIR,
  Template,
} from '../../ir/model.js';
import { camelCase, pascalCase } from '../../ir/names.js';
import { commentText, json, str } from '../literals.js';
import { Code } from '../code.js';

// Members every object inherits: reading or writing them directly would touch the prototype.
export const inherited = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Shared state while emitting one file: imports used, converters, enum maps. */
export class HelperRegistry {
  readonly runtime = new Set<string>();
  readonly converters = new Map<string, string>();
  readonly providerTypes = new Set<string>();
  readonly unifiedTypes = new Set<string>();
  /** Module-level functions (enum maps, array element writers): one per distinct body, however many transformers call it. */
  readonly functions: FunctionDeclarationStructure[] = [];
  private readonly functionsByBody = new Map<string, string>();
  /** Module-level constants (rule objects), so hot code allocates nothing per call. */
  readonly constants = new Map<string, string>();
  /** Per converter: a reader of its own, so each call site of a converter stays monomorphic. */
  readonly readers = new Map<string, string>();
  needsInput = false;
  usesHooks = false;

  constructor(readonly connector: ConnectorIR) {}

  use(name: string): string {
    this.runtime.add(name);
    return name;
  }

  constant(hint: string, value: string): string {
    for (const [name, existing] of this.constants) if (existing === value) return name;
    let name = `${camelCase(hint) || 'rules'}Rules`;
    for (let i = 2; this.constants.has(name); i++) name = `${camelCase(hint) || 'rules'}Rules${i}`;
    this.constants.set(name, value);
    return name;
  }

  /** `readDateTime(value, field, report)`: null for nothing, the converted value, or null reported. */
  reader(name: string): string {
    let reader = this.readers.get(name);
    if (!reader) {
      reader = `read${pascalCase(name) || 'Converted'}`;
      this.readers.set(name, reader);
      this.converter(name);
      this.use('describeValue');
      this.use('ReportIssue');
    }
    return reader;
  }

  converter(name: string): string {
    this.runtime.add('converters');
    let local = this.converters.get(name);
    if (!local) {
      local = `${camelCase(name) || 'converter'}Converter`;
      this.converters.set(name, local);
    }
    return local;
  }

  /**
   * A module-level function named from `base`; a function with the same
   * signature and body already emitted is reused (an update writes an array
   * element as a create does).
   */
  shared(base: string, structure: Omit<FunctionDeclarationStructure, 'kind' | 'name' | 'statements'>, body: Code): string {
    const key = `${JSON.stringify([structure.parameters, structure.returnType, structure.docs])}\n${body.text()}`;
    const existing = this.functionsByBody.get(key);
    if (existing) return existing;
    let name = base;
    for (let i = 2; this.functions.some((f) => f.name === name); i++) name = `${base}${i}`;
    this.functions.push({ ...structure, kind: StructureKind.Function, name, statements: body.writer() });
    this.functionsByBody.set(key, name);
    return name;
  }

  /** A function mapping provider values to unified ones (read) or back (write). */
  enumFunction(map: EnumMapIR, direction: 'read' | 'write', unifiedField: string, unifiedType: string): string {
    const base = `${camelCase(unifiedField.replace(/\[[^\]]*\]/g, '')) || 'value'}${direction === 'read' ? 'FromProvider' : 'ToProvider'}`;
    const code = new Code();
    if (direction === 'read') {
      this.use('ReportIssue');
      this.use('describeValue');
      code.block('switch (value)', () => {
        for (const entry of map.entries) code.line(`case ${json(entry.provider)}:`).line(`  return ${json(entry.unified)};`);
        code.line('default:');
        code.line('  if (value === undefined || value === null) return null;');
        if (map.readFallback !== undefined) code.line(`  return ${json(map.readFallback)};`);
        else {
          code.line(`  report(field, 'has no unified value for ' + describeValue(value));`);
          code.line('  return null;');
        }
      });
      return this.shared(
        base,
        {
          docs: [commentText(`Provider values of ${unifiedField} → unified values (fallback: ${map.readFallback === undefined ? 'none, reported' : JSON.stringify(map.readFallback)}).`)],
          parameters: [
            { name: 'value', type: 'unknown' },
            { name: 'field', type: 'string' },
            { name: 'report', type: 'ReportIssue' },
          ],
          returnType: `${unifiedType} | null`,
        },
        code,
      );
    }
    code.block('switch (value)', () => {
      for (const entry of map.writes) code.line(`case ${json(entry.unified)}:`).line(`  return ${json(entry.provider)};`);
      code.line('default:');
      code.line(`  return ${map.writeFallback === undefined ? 'undefined' : json(map.writeFallback)};`);
    });
    return this.shared(
      base,
      {
        docs: [commentText(`Unified values of ${unifiedField} → provider values (fallback: ${map.writeFallback === undefined ? 'none' : JSON.stringify(map.writeFallback)}).`)],
        parameters: [{ name: 'value', type: 'unknown' }],
        returnType: 'string | number | boolean | null | undefined',
      },
      code,
    );
  }
}
/** The local an operation holds a parent path parameter's value in; `path_` keeps it clear of the operation's own locals. */
export const parentVariable = (name: string) => `path_${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;

/** A template as a TypeScript expression over `scope` (settings values are strings; a parent is the operation's local). */
export function templateExpression(template: Template): string {
  const parts = template.parts.map((part) => {
    switch (part.kind) {
      case 'text':
        return str(part.text);
      case 'settings':
      case 'credentials':
        return `(${part.kind}[${str(part.name)}] ?? '')`;
      case 'path':
        return parentVariable(part.name);
      case 'uuid':
        return 'newIdempotencyKey()';
      default:
        return "''";
    }
  });
  return parts.length === 0 ? "''" : parts.join(' + ');
}
