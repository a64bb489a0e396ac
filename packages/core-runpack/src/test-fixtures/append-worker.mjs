// Child process for the concurrency test: appends N events to a session journal through the
// built package, as an independent writer would.
import { appendSessionEvent } from '../../dist/index.js';

const [journal, worker, count] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  await appendSessionEvent(journal, { toolName: `tool.worker_${worker}`, verdict: 'allow', intentId: `w${worker}_${i}` });
}
