/**
 * Runs the emit stage, its code on a worker thread where it can: the thread
 * starts loading ts-morph at once, so that start-up overlaps the parse and IR
 * stages on the main thread instead of following them, and the main thread
 * renders the prose while the worker prints the code. From the
 * TypeScript sources (tests, a stale build) the stage runs in this thread,
 * since a worker thread would need a TypeScript loader of its own.
 */

import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import type { ConnectorIR, GenerationIR } from '../ir/model.js';
import { byName } from '../ir/order.js';
import type { EmitReply, EmitRequest } from './worker-task.js';

export interface Emitter {
  /** With `folders`, only those connectors' own files, and every file their APIs share (see emitAll). */
  emit(ir: GenerationIR, outDir: string, folders?: readonly string[]): Promise<Map<string, string>>;
  /** Ends the worker of a run that stopped before emitting. */
  stop(): void;
  /** Whether emitting leaves this thread free meanwhile. */
  threaded: boolean;
}

export function startEmitter(root: string, options: { thread: boolean }): Emitter {
  const compiled = import.meta.url.endsWith('.js');
  return options.thread && compiled ? workerEmitter(root) : inlineEmitter(root);
}

function inlineEmitter(root: string): Emitter {
  return {
    async emit(ir, outDir, folders) {
      const [{ emitAll }, { createEmitContext }, { loadTemplates }] = await Promise.all([import('./index.js'), import('./context.js'), import('../parse/templates.js')]);
      return emitAll(ir, createEmitContext(root, outDir), await loadTemplates(root), folders);
    },
    stop: () => undefined,
    threaded: false,
  };
}

function workerEmitter(root: string): Emitter {
  // A small young generation: most of what the thread allocates is ts-morph and TypeScript loading, which lives
  // as long as the thread, and is copied less and touches fewer pages when promoted early. Measured on the six
  // connectors (two cores, 12 interleaved runs): 6 MB ran 7-9% faster in wall and CPU time than V8's default,
  // 16 MB about 4%; 60 connectors ran the same with or without it.
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { root }, resourceLimits: { maxYoungGenerationSizeMb: 6 } });
  // A run that fails before emitting must not be kept alive by a thread waiting for work.
  worker.unref();
  const code = (ir: GenerationIR, outDir: string, folders: readonly string[] | undefined) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      worker.once('error', reject);
      // A thread that ends without answering (out of memory, say) must not leave the run waiting: after an answer this is a no-op.
      worker.once('exit', (code) => reject(new Error(`the emit worker thread stopped (exit code ${code}) before it answered`)));
      worker.once('message', (reply: EmitReply) => {
        void worker.terminate();
        if ('files' in reply) return resolve(reply.files);
        const error = new Error(reply.error.message);
        error.stack = reply.error.stack;
        reject(error);
      });
      worker.ref();
      worker.postMessage({ ir: sendable(ir), outDir, ...(folders ? { folders } : {}) } satisfies EmitRequest);
    });
  return {
    async emit(ir, outDir, folders) {
      const files = code(ir, outDir, folders);
      // The prose needs no ts-morph: rendered here while the worker prints the code.
      let docs: Map<string, string>;
      try {
        const [{ emitDocs }, { loadTemplates }] = await Promise.all([import('./docs.js'), import('../parse/templates.js')]);
        docs = emitDocs(ir, await loadTemplates(root), folders);
      } catch (error) {
        void worker.terminate();
        files.catch(() => undefined);
        throw error;
      }
      return new Map(byName([...(await files), ...docs]));
    },
    stop: () => void worker.terminate(),
    threaded: true,
  };
}

/**
 * The IR as plain data. Diagnostics work out their position when it is first
 * read, which means parsing their file again with positions: the emitters
 * read only a note's words, so the copy sent carries only those, and the
 * positions (printed by the CLI) are worked out here while the worker emits.
 */
function sendable(ir: GenerationIR): GenerationIR {
  const copies = new Map<ConnectorIR, ConnectorIR>(ir.connectors.map((connector) => [connector, { ...connector, trusted: connector.trusted.map(words) }]));
  const copy = (connector: ConnectorIR) => copies.get(connector) ?? connector;
  return {
    apis: ir.apis.map((api) => ({ ...api, connectors: api.connectors.map(copy) })),
    connectors: ir.connectors.map(copy),
    warnings: [],
  };
}

function words(note: Diagnostic): Diagnostic {
  const { file, code, message, hint } = note;
  return { file, code, message, ...(hint !== undefined ? { hint } : {}) };
}
