#!/usr/bin/env node
// `npx generate`: runs the TypeScript sources through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv.slice(2));
