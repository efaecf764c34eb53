/**
 * A provider simulator in its own process, so the provider's work runs on
 * another core than the connector being measured. Reads its options as JSON
 * from the file named by argv[2]; prints its origin, then serves until killed.
 */

import { readFile } from 'node:fs/promises';
import { startProviderSimulator, type SimulatorOptions } from '../test/support/provider-simulator.js';

const options = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as SimulatorOptions;
const simulator = await startProviderSimulator(options);
process.stdout.write(`${simulator.origin}\n`);
process.on('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
