// Adapter overhead per call: each framework seam (AI SDK tool, OpenAI Agents guardrail, LangChain
// middleware, MCP client) around the same gate, against calling `gate.evaluate` directly in the
// same run. Unsigned, so the numbers show the adapters' own cost, not trace writing.
// Runs on the built dist/: `pnpm --filter @gait/sdk build && node bench/adapters.bench.mjs`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGate } from '../dist/index.js';
import { gaitTool } from '../dist/ai/index.js';
import { gaitInputGuardrail } from '../dist/openai-agents/index.js';
import { gaitMiddleware } from '../dist/langchain/index.js';
import { gaitMcpClient } from '../dist/mcp/index.js';

const calls = Number(process.env.GAIT_BENCH_CALLS ?? 5000);
const policy = `default_verdict: block
rules:
  - name: allow-read
    effect: allow
    match:
      tool_names: [read_file]
`;
const gate = createGate({ policy, outDir: mkdtempSync(join(tmpdir(), 'gait-bench-adapters-')), traces: false, context: { identity: 'bench', workspace: '/tmp/bench', riskClass: 'low' } });

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Per-call latency in µs for each variant, measured in alternating rounds so load and JIT warm-up hit all alike. */
async function timeVariants(variants, rounds = 5) {
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const fn of Object.values(variants)) for (let i = 0; i < 500; i += 1) await fn(i); // warm up
  const perRound = Math.ceil(calls / rounds);
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, fn] of Object.entries(variants)) {
      for (let i = 0; i < perRound; i += 1) {
        const start = process.hrtime.bigint();
        await fn(round * perRound + i);
        samples[name].push(Number(process.hrtime.bigint() - start) / 1000);
      }
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { p50: percentile(s, 50), p99: percentile(s, 99) }]));
}

const args = (i) => ({ path: `/tmp/f${i % 64}` });
const read = async ({ path }) => path.length;

const aiTool = gaitTool(gate, 'read_file', { inputSchema: {}, execute: read });
const guardrail = gaitInputGuardrail(gate);
const middleware = gaitMiddleware(gate);
const mcp = gaitMcpClient({ callTool: async (params) => ({ content: [{ type: 'text', text: String(params.arguments.path.length) }] }) }, gate);

const rows = await timeVariants({
  'gate.evaluate (baseline)': (i) => gate.evaluate({ toolName: 'read_file', args: args(i) }).then(() => read(args(i))),
  'ai: needsApproval + execute': async (i) => {
    const options = { toolCallId: `c${i}`, messages: [] };
    await aiTool.needsApproval(args(i), options);
    return aiTool.execute(args(i), options);
  },
  'openai-agents: input guardrail': (i) => guardrail.run({ toolCall: { name: 'read_file', arguments: JSON.stringify(args(i)), callId: `c${i}` } }).then(() => read(args(i))),
  'langchain: wrapToolCall': (i) => middleware.wrapToolCall({ toolCall: { name: 'read_file', args: args(i), id: `c${i}` }, runtime: {} }, (request) => read(request.toolCall.args)),
  'mcp: callTool': (i) => mcp.callTool({ name: 'read_file', arguments: args(i) }),
});

const base = rows['gate.evaluate (baseline)'].p50;
console.log(`adapter overhead, ${calls} calls each, unsigned decisions (µs per call)`);
for (const [name, { p50, p99 }] of Object.entries(rows)) {
  console.log(`${name.padEnd(32)} p50 ${p50.toFixed(1).padStart(7)}  p99 ${p99.toFixed(1).padStart(7)}  ratio to baseline ${(p50 / base).toFixed(2)}x  (+${(p50 - base).toFixed(1)} µs)`);
}
