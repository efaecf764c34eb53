/**
 * OpenAPI schemas → TypeScript declarations, for the unified API and for
 * providers alike. Named schemas become interfaces or type aliases; inline
 * enums of named objects get their own alias; object schemas holding
 * read-only members also get an `…Input` variant without them.
 */

import type { InterfaceDeclarationStructure, TypeAliasDeclarationStructure } from 'ts-morph';
import { StructureKind } from './ts-morph.js';
import { pascalCase } from '../ir/names.js';
import type { SchemaNode } from '../ir/schema.js';
import { commentText, key, str } from './literals.js';

export interface TypeNames {
  /** The TypeScript name of a named schema. */
  of(schemaName: string): string;
}

interface Context {
  names: TypeNames;
  input: boolean;
  /** Inline enum aliases found while rendering, by owner + member. */
  enumAliases: Map<SchemaNode, string>;
}

/** Does this schema (or a named schema it contains) hold read-only members? */
export function hasReadOnly(node: SchemaNode, seen = new Set<SchemaNode>()): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  for (const child of node.properties.values()) if (child.readOnly || hasReadOnly(child, seen)) return true;
  if (node.items && hasReadOnly(node.items, seen)) return true;
  return false;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return 'unknown';
}

export function typeOf(node: SchemaNode, context: Context, root = false): string {
  if (!root && node.name) {
    const name = context.names.of(node.name) + (context.input && hasReadOnly(node) ? 'Input' : '');
    // (input types are only requested from request bodies, whose schemas all get Input variants)
    return node.nullable && node.type === 'object' ? `${name} | null` : name;
  }
  const alias = context.enumAliases.get(node);
  if (!root && alias) return alias;
  let base: string;
  if (node.enum) base = [...new Set(node.enum.filter((v) => v !== null).map(literal))].join(' | ') || 'never';
  else if (node.anyOf) base = [...new Set(node.anyOf.map((member) => typeOf(member, context)))].join(' | ');
  else {
    switch (node.type) {
      case 'string':
        base = 'string';
        break;
      case 'integer':
      case 'number':
        base = 'number';
        break;
      case 'boolean':
        base = 'boolean';
        break;
      case 'array': {
        const item = node.items ? typeOf(node.items, context) : 'unknown';
        base = /[|&]/.test(item) ? `Array<${item}>` : `${item}[]`;
        break;
      }
      case 'object':
      case undefined:
        base = node.properties.size > 0 || node.additionalProperties !== undefined || node.type === 'object' ? objectLiteral(node, context) : 'unknown';
        break;
    }
  }
  return node.nullable && !/(^|\| )null$/.test(base) ? `${base} | null` : base;
}

function objectLiteral(node: SchemaNode, context: Context): string {
  const members: string[] = [];
  for (const [name, child] of node.properties) {
    if (context.input && child.readOnly) continue;
    members.push(`${key(name)}${node.required.includes(name) ? '' : '?'}: ${typeOf(child, context)};`);
  }
  const extra = node.additionalProperties;
  if (extra === true || (extra === undefined && node.properties.size === 0)) members.push('[key: string]: unknown;');
  else if (typeof extra === 'object') members.push(`[key: string]: ${node.properties.size === 0 ? typeOf(extra, context) : 'unknown'};`);
  return members.length === 0 ? 'Record<string, never>' : `{ ${members.join(' ')} }`;
}

export function docOf(node: SchemaNode, extra: string[] = []): string[] {
  const lines: string[] = [];
  const title = node.title && node.description && node.description.startsWith(node.title) ? undefined : node.title;
  const text = [title, node.description].filter(Boolean).join('. ').replace(/\.\./g, '.');
  if (text) lines.push(commentText(text));
  if (node.readOnly) lines.push('Read-only: set by the provider, ignored on writes.');
  if (node.format && node.type === 'string') lines.push(`Format: ${commentText(node.format)}.`);
  lines.push(...extra);
  if (node.deprecated) lines.push('@deprecated');
  return lines.length ? [lines.join('\n\n')] : [];
}

/**
 * Declarations for `schemas` (already sorted by name): interfaces for
 * objects, aliases for the rest, `Input` variants and inline enum aliases.
 * Returned sorted by declared name.
 */
export function declareSchemas(
  schemas: ReadonlyMap<string, SchemaNode>,
  names: TypeNames,
  options: { inputVariants?: ReadonlySet<SchemaNode> } = {},
): (InterfaceDeclarationStructure | TypeAliasDeclarationStructure)[] {
  const enumAliases = new Map<SchemaNode, string>();
  const declarations: (InterfaceDeclarationStructure | TypeAliasDeclarationStructure)[] = [];
  // Inline enums of named objects get a name first, so members can refer to it.
  for (const [schemaName, node] of schemas) {
    for (const [member, child] of node.properties) {
      if (!child.name && child.enum && child.type === 'string') {
        const alias = `${names.of(schemaName)}${pascalCase(member)}`;
        enumAliases.set(child, alias);
        declarations.push({
          kind: StructureKind.TypeAlias,
          name: alias,
          isExported: true,
          type: typeOf(child, { names, input: false, enumAliases: new Map() }, true),
          docs: [`Values of \`${names.of(schemaName)}.${commentText(member)}\`.`],
        });
      }
    }
  }
  for (const [schemaName, node] of schemas) {
    const name = names.of(schemaName);
    const isObject = node.type === 'object' || (node.type === undefined && node.properties.size > 0);
    const wantsInput = isObject && hasReadOnly(node) && (options.inputVariants?.has(node) ?? false);
    for (const input of wantsInput ? [false, true] : [false]) {
      const context: Context = { names, input, enumAliases };
      const declaredName = input ? `${name}Input` : name;
      const docs = docOf(node, input ? ['What a create or update accepts: the record without its read-only members.'] : []);
      if (isObject) {
        const extra = node.additionalProperties;
        declarations.push({
          kind: StructureKind.Interface,
          name: declaredName,
          isExported: true,
          docs,
          properties: [...node.properties]
            .filter(([, child]) => !(input && child.readOnly))
            .map(([member, child]) => ({
              kind: StructureKind.PropertySignature,
              name: key(member),
              hasQuestionToken: !node.required.includes(member),
              type: typeOf(child, context),
              docs: docOf(child),
            })),
          indexSignatures:
            extra === true || typeof extra === 'object'
              ? [
                  {
                    keyName: 'key',
                    keyType: 'string',
                    // With declared members beside it, the index type must admit theirs too: unknown.
                    returnType: typeof extra === 'object' && node.properties.size === 0 ? `${typeOf(extra, context)} | undefined` : 'unknown',
                  },
                ]
              : [],
        });
      } else {
        declarations.push({ kind: StructureKind.TypeAlias, name: declaredName, isExported: true, docs, type: typeOf(node, context, true) });
      }
    }
  }
  return declarations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
