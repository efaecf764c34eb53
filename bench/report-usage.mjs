// Preloaded into a measured process: reports its peak resident set size and the CPU time of all its threads at exit.
// NODE_OPTIONS preloads it into worker threads too, whose figures would be the same process's again: reported once.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    process.stderr.write(`\nBENCH_MAX_RSS_KB ${usage.maxRSS}\nBENCH_CPU_US ${usage.userCPUTime + usage.systemCPUTime}\n`);
  });
}
