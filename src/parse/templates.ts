/** Loads the handlebars templates in `templates/` (prose: READMEs, coverage, scaffolds). */

import { readFile } from 'node:fs/promises';
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

export async function loadTemplates(root: string): Promise<Templates> {
  const handlebars = Handlebars.create();
  // Markdown tables break on a pipe or a line break inside a cell.
  handlebars.registerHelper('cell', (value: unknown) => String(value ?? '').replace(/\|/g, '\\|').replace(/[\r\n\u2028\u2029]+/g, ' '));
  // Inline code in a table cell: a value holding a backtick needs a longer fence.
  handlebars.registerHelper('code', (value: unknown) => {
    const text = String(value ?? '').replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\|/g, '\\|');
    if (text === '') return '';
    return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
  });
  const entries = await Promise.all(
    Object.entries(files).map(async ([name, file]) => {
      const source = await readFile(path.join(root, 'templates', file), 'utf8');
      // noEscape: the output is Markdown or YAML, not HTML; cells are escaped by the helpers.
      return [name, handlebars.compile(source, { noEscape: true, strict: true })] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as Templates;
}
