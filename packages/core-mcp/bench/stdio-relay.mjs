// Bench helper: a plain stdio relay in front of the upstream, the floor for any stdio proxy that
// runs as its own process (two more pipe hops, no JSON-RPC, no MCP, no gate). Args: <command…>.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const upstream = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
process.stdin.pipe(upstream.stdin);
upstream.stdout.pipe(process.stdout);
process.stdin.on('end', () => upstream.stdin.end());
upstream.on('exit', (code) => process.exit(code ?? 1));
process.on('SIGTERM', () => upstream.kill('SIGTERM'));
