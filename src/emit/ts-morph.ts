/**
 * The parts of ts-morph the emitter uses at run time, loaded with require:
 * ts-morph is CommonJS, and importing it as ESM makes Node scan its source
 * for export names and detect its module format, about 0.4 s per run.
 * Types still come from `import type … from 'ts-morph'`.
 */

import { createRequire } from 'node:module';

const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');

export const { printStructure, StructureKind, VariableDeclarationKind } = tsMorph;
