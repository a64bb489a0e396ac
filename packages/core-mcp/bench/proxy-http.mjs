// Bench helper: the built proxy, HTTP on both sides; prints its URL. Args: <policy> <trace-dir> <upstream-url> <sync|async>
import { startProxy } from '../dist/index.js';

const [policyPath, traceDir, upstream, traceMode] = process.argv.slice(2);
const proxy = await startProxy({
  policyPath,
  traceDir,
  traceMode,
  upstream: { kind: 'http', url: upstream },
  downstream: { kind: 'http', listen: { host: '127.0.0.1', port: 0 }, maxRequestBytes: 65536 },
});
process.stdout.write(`${proxy.url}\n`);
process.on('SIGTERM', async () => {
  await proxy.close();
  process.exit(0);
});
