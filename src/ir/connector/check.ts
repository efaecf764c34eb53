/**
 * What every check of one mapping reads and writes: the mapping and the
 * provider's document it is held to, where mistakes go, and the connection
 * state the operations share (its templates, sign-in, headers). Built once
 * by buildConnectorIR, once the record is found, and passed first to each
 * check in this folder.
 */

import type { Diagnostic } from '../../diagnostics.js';
import type { MappingDocument } from '../../parse/mapping.js';
import type { OpenApiSource } from '../../parse/openapi.js';
import type { YamlSource } from '../../parse/source.js';
import type { Template, UnifiedIR } from '../model.js';
import type { ProviderOperations } from '../provider-operations.js';
import type { SchemaNode, SchemaResolver } from '../schema.js';
import type { SignInCheck } from '../security.js';
import type { TemplateScope } from '../templates.js';

/** Says one mistake at its place in the mapping (its key or its value). */
export type Report = (path: (string | number)[], code: Diagnostic['code'], message: string, hint?: string, target?: 'key' | 'value') => void;

export interface ConnectorCheck {
  mapping: MappingDocument;
  /** The mapping's file, for positions. */
  source: YamlSource;
  /** The provider's OpenAPI document. */
  provider: OpenApiSource;
  unified: UnifiedIR;
  resolver: SchemaResolver;
  providerOperations: ProviderOperations;
  /** The provider's record schema (`record:`). */
  record: SchemaNode;
  problems: Diagnostic[];
  report: Report;
  /** What generates on the mapping's word where the provider's document is silent. */
  trusted: Diagnostic[];
  /** A template of the mapping, its settings and credentials checked against the declared ones; undefined once reported. */
  template: (text: string, path: (string | number)[], scopes: TemplateScope[]) => Template | undefined;
  signInCheck: SignInCheck;
  /** The headers the sign-in methods send, by lower-case name → which method sends it. */
  signInHeaders: ReadonlyMap<string, string>;
  /** The connection's fixed headers, sent on every request. */
  connectionHeaders: readonly { name: string; value: Template }[];
  /** Connection headers whose fixed value an operation's document refused: reported once, at the first. */
  connectionHeadersChecked: Set<string>;
  /** Values the base URL's text gives path variables of the document (`name=value`), checked against the parameter once, at the first operation that reaches them. */
  basePathValuesChecked: Set<string>;
  /** Connection headers by name → the operations whose document does not declare them. */
  connectionHeadersUndeclared: Map<string, string[]>;
}
