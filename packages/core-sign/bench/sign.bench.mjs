// Signing, verification and canonical digests through the built package (dist/), node:crypto
// against the tweetnacl fallback. The tweetnacl figures come from a child process started with
// GAIT_ED25519_BACKEND=tweetnacl, so both run the same public API in this one bench run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canonicalize } from 'json-canonicalize';
import {
  canonicalJson,
  digestCanonical,
  ed25519Backend,
  keyPairFromSeed,
  signBytes,
  signDigestHex,
  verifyBytes,
  verifyDigestHex,
} from '../dist/index.js';

/** A realistic gate intent: a few KB of nested args, targets and context. */
function typicalIntent() {
  const rows = Array.from({ length: 24 }, (_, i) => ({
    id: `row-${i}`,
    email: `user${i}@example.com`,
    amount: i * 12.5,
    tags: ['customer', i % 2 ? 'eu' : 'us', 'pii'],
    note: `Ünïcode note ${i} <with> & symbols`,
  }));
  return {
    schema_id: 'gait.gate.intent_request',
    schema_version: '1.0.0',
    created_at: '2026-02-14T00:00:00Z',
    producer_version: '0.1.0',
    tool_name: 'tool.write',
    args: { table: 'customers', operation: 'upsert', rows, dry_run: false },
    targets: [
      { kind: 'path', value: '/srv/data/customers.db', operation: 'write', sensitivity: 'internal', discovery_method: 'unknown' },
      { kind: 'host', value: 'api.example.com', operation: 'write', endpoint_class: 'net.http', discovery_method: 'mcp' },
    ],
    arg_provenance: [{ arg_path: '$.rows', source: 'user', source_ref: 'ticket-42', integrity_digest: 'a'.repeat(64) }],
    context: {
      identity: 'agent.writer',
      workspace: '/srv/agents/writer',
      risk_class: 'high',
      session_id: 'sess_1',
      phase: 'apply',
      auth_context: { scopes: ['write', 'read'], tenant: 'acme' },
    },
  };
}

function measure(fn, minMs = 400) {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  const budget = BigInt(minMs) * 1_000_000n;
  while (elapsed < budget) {
    for (let i = 0; i < 100; i++) fn();
    iterations += 100;
    elapsed = process.hrtime.bigint() - start;
  }
  return Number(elapsed) / 1000 / iterations; // µs per op
}

function run() {
  const keyPair = keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i));
  const intent = typicalIntent();
  if (canonicalJson(intent) !== canonicalize(intent)) throw new Error('canonicalJson disagrees with json-canonicalize on the bench intent');
  const digest = digestCanonical(intent);
  const signature = signDigestHex(keyPair, digest);
  const message = new Uint8Array(32).fill(9);
  const raw = signBytes(keyPair, message);
  let sink = 0;
  return {
    backend: ed25519Backend(),
    intentBytes: Buffer.byteLength(canonicalJson(intent)),
    results: {
      'sign (signDigestHex)': measure(() => (sink ^= signDigestHex(keyPair, digest).sig.length)),
      'sign, key not cached (fresh key arrays)': measure(() => {
        const copy = { privateKey: Uint8Array.from(keyPair.privateKey), publicKey: keyPair.publicKey };
        sink ^= signBytes(copy, message).length;
      }),
      'verify (verifyDigestHex)': measure(() => verifyDigestHex(keyPair.publicKey, signature, digest)),
      'signBytes (raw 32 bytes)': measure(() => (sink ^= signBytes(keyPair, message).length)),
      'verifyBytes (raw 32 bytes)': measure(() => (sink ^= Number(verifyBytes(keyPair.publicKey, message, raw)))),
      'canonicalize+digest intent': measure(() => (sink ^= digestCanonical(intent).length)),
      'canonicalJson intent': measure(() => (sink ^= canonicalJson(intent).length)),
      'baseline: json-canonicalize intent': measure(() => (sink ^= canonicalize(intent).length)),
      'baseline: JSON.stringify intent': measure(() => (sink ^= JSON.stringify(intent).length)),
    },
    sink,
  };
}

if (process.argv.includes('--child')) {
  process.stdout.write(JSON.stringify(run()));
} else {
  const node = run();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
    env: { ...process.env, GAIT_ED25519_BACKEND: 'tweetnacl' },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`tweetnacl child failed: ${child.stderr}`);
  const nacl = JSON.parse(child.stdout);
  console.log(`@gait/core-sign bench (Node ${process.version}); intent = ${node.intentBytes} bytes canonical`);
  console.log(`backends: ${node.backend} vs ${nacl.backend}\n`);
  const rows = Object.keys(node.results).map((name) => ({
    operation: name,
    'node-crypto µs/op': node.results[name].toFixed(2),
    'tweetnacl µs/op': nacl.results[name].toFixed(2),
    'tweetnacl/node': (nacl.results[name] / node.results[name]).toFixed(2),
  }));
  console.table(rows);
  const r = node.results;
  console.log(`canonicalJson / JSON.stringify: ${(r['canonicalJson intent'] / r['baseline: JSON.stringify intent']).toFixed(2)}x; json-canonicalize (the previous serializer) / canonicalJson: ${(r['baseline: json-canonicalize intent'] / r['canonicalJson intent']).toFixed(2)}x`);
  console.log(`canonicalize+digest / JSON.stringify: ${(r['canonicalize+digest intent'] / r['baseline: JSON.stringify intent']).toFixed(2)}x`);
  console.log(`uncached / cached key signing (node-crypto): ${(r['sign, key not cached (fresh key arrays)'] / r['signBytes (raw 32 bytes)']).toFixed(2)}x`);
}
