/** Loads the handlebars templates in `templates/` (prose: READMEs, coverage, scaffolds). */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// CommonJS, loaded with require: importing it as ESM costs a scan of its source for export names.
const Handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');

export type Render = (data: unknown) => string;

export interface Templates {
  connectorReadme: Render;
  connectors: Render;
  coverage: Render;
  scaffoldProviderSpec: Render;
}

const files: Record<keyof Templates, string> = {
  connectorReadme: 'connector-readme.md.hbs',
  connectors: 'connectors.md.hbs',
  coverage: 'coverage.md.hbs',
  scaffoldProviderSpec: 'scaffold-provider-spec.yaml.hbs',
};

/** One handlebars environment for the process, with the helpers the templates use. */
let environment: typeof Handlebars | undefined;

function handlebars(): typeof Handlebars {
  if (environment) return environment;
  environment = Handlebars.create();
  // Markdown tables break on a pipe or a line break inside a cell.
  environment.registerHelper('cell', (value: unknown) => String(value ?? '').replace(/\|/g, '\\|').replace(/[\r\n\u2028\u2029]+/g, ' '));
  // Inline code in a table cell: a value holding a backtick needs a longer fence.
  environment.registerHelper('code', (value: unknown) => {
    const text = String(value ?? '').replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\|/g, '\\|');
    if (text === '') return '';
    return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
  });
  return environment;
}

/**
 * Templates this process has compiled, by their text. Handlebars compiles a
 * template on its first render, which costs more than rendering it: a
 * `--watch` session or a test run that generates many projects from the same
 * templates compiles each once. A broken template is not kept compiled (its
 * render throws every time), so it is reported on every run.
 */
const compiled = new Map<string, Render>();
const COMPILED_KEPT = 32;

function compile(source: string): Render {
  let render = compiled.get(source);
  if (!render) {
    // noEscape: the output is Markdown or YAML, not HTML; cells are escaped by the helpers.
    render = handlebars().compile(source, { noEscape: true, strict: true });
    compiled.set(source, render);
    if (compiled.size > COMPILED_KEPT) compiled.delete(compiled.keys().next().value!);
  }
  return render;
}

export async function loadTemplates(root: string): Promise<Templates> {
  const entries = Object.entries(files).map(([name, file]) => [name, compile(readFileSync(path.join(root, 'templates', file), 'utf8'))] as const);
  return Object.fromEntries(entries) as unknown as Templates;
}
