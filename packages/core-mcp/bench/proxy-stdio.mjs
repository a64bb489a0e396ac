// Bench helper: the built proxy, stdio on both sides. Args: <policy> <trace-dir> <sync|async> -- <upstream command…>
import { startProxy } from '../dist/index.js';

const [policyPath, traceDir, traceMode, sep, command, ...args] = process.argv.slice(2);
if (sep !== '--' || !command) {
  process.stderr.write('usage: proxy-stdio.mjs <policy> <trace-dir> <sync|async> -- <command…>\n');
  process.exit(6);
}
const proxy = await startProxy({ policyPath, traceDir, traceMode, upstream: { kind: 'stdio', command, args }, downstream: { kind: 'stdio' } });
await proxy.closed;
await proxy.close();
