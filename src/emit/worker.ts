/**
 * The emit worker thread's entry. Node 22+ keeps V8's compiled code between
 * runs when asked, per thread: asked here before ts-morph loads (the main
 * thread asks in bin/generate.js).
 */

import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./worker-task.js');
