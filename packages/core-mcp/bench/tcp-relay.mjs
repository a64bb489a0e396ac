// Bench helper: a plain TCP relay in front of the upstream, the floor for any proxy that runs as
// its own process (two more socket hops, no HTTP, no MCP, no gate). Arg: <upstream-url>; prints its URL.
import { connect, createServer } from 'node:net';

const upstream = new URL(process.argv[2]);
const relay = createServer((client) => {
  const server = connect(Number(upstream.port), upstream.hostname);
  for (const socket of [client, server]) socket.setNoDelay(true);
  client.pipe(server);
  server.pipe(client);
  client.on('error', () => server.destroy());
  server.on('error', () => client.destroy());
});
relay.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${relay.address().port}${upstream.pathname}\n`));
process.on('SIGTERM', () => process.exit(0));
