/**
 * The emit stage's TypeScript files on a worker thread (started by
 * `worker.ts`). It loads ts-morph (TypeScript itself, the largest part of a
 * run's start-up) while the main thread parses and checks the inputs, then
 * emits the IR it is sent; the main thread renders the prose meanwhile.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { GenerationIR } from '../ir/model.js';
import { createEmitContext } from './context.js';
import { emitCode } from './index.js';

export interface EmitRequest {
  ir: GenerationIR;
  outDir: string;
  /** Only these connectors' own files (see emitCode). */
  folders?: readonly string[];
}

export type EmitReply = { files: Map<string, string> } | { error: { message: string; stack: string | undefined } };

const { root } = workerData as { root: string };

parentPort!.once('message', ({ ir, outDir, folders }: EmitRequest) => {
  let reply: EmitReply;
  try {
    reply = { files: emitCode(ir, createEmitContext(root, outDir), folders) };
  } catch (error) {
    reply = { error: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } };
  }
  parentPort!.postMessage(reply);
});
