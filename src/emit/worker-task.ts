/**
 * The emit stage on a worker thread (started by `worker.ts`). It loads
 * ts-morph (TypeScript itself, the largest part of a run's start-up) and the
 * templates while the main thread parses and checks the inputs, then emits
 * the IR it is sent.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { GenerationIR } from '../ir/model.js';
import { loadTemplates } from '../parse/templates.js';
import { createEmitContext } from './context.js';
import { emitAll } from './index.js';

export interface EmitRequest {
  ir: GenerationIR;
  outDir: string;
}

export type EmitReply = { files: Map<string, string> } | { error: { message: string; stack: string | undefined } };

const { root } = workerData as { root: string };
const templates = loadTemplates(root);
// A template that cannot be read is reported with the reply, not as an unhandled rejection before the request.
templates.catch(() => undefined);

parentPort!.once('message', async ({ ir, outDir }: EmitRequest) => {
  let reply: EmitReply;
  try {
    reply = { files: emitAll(ir, createEmitContext(root, outDir, await templates)) };
  } catch (error) {
    reply = { error: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } };
  }
  parentPort!.postMessage(reply);
});
