/**
 * ts-morph, configured once: every generated file is printed from
 * structures with these settings (two spaces, single quotes, LF), so output
 * never depends on a user's formatter configuration.
 */

import type { StatementStructures, WriterFunction } from 'ts-morph';
import { printStructure, StructureKind } from './ts-morph.js';

export { GENERATED_MARK, header } from './header.js';

export type Statement = string | WriterFunction | StatementStructures;

export class Printer {
  /**
   * Prints one file: the header comment, then the statements in order.
   * The structure is printed straight to text: a source file (and its AST)
   * would only be built to read that same text back.
   */
  print(_path: string, header: string, statements: Statement[]): string {
    const text = printStructure(
      { kind: StructureKind.SourceFile, leadingTrivia: `${header}\n`, statements },
      { indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: true, insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true },
    );
    return text.endsWith('\n') ? text : `${text}\n`;
  }
}
