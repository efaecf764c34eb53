#!/usr/bin/env node
// `npm run bench`: the benchmarks in bench/, run from their TypeScript sources.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
await main(process.argv.slice(2));
