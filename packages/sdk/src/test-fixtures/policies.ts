/** Small policies for the SDK's own tests. */
export const WRITE_POLICY = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: block
rules:
  - name: allow-read
    priority: 10
    effect: allow
    match:
      tool_names: [tool.read]
  - name: approve-write
    priority: 20
    effect: require_approval
    match:
      tool_names: [tool.write]
  - name: dry-run-deploy
    priority: 30
    effect: dry_run
    match:
      tool_names: [tool.deploy]
`;

export const RATE_LIMITED_POLICY = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: block
rules:
  - name: limited-read
    priority: 10
    effect: allow
    match:
      tool_names: [tool.read]
    rate_limit:
      requests: 2
      window: hour
      scope: tool
`;

export const DELEGATION_POLICY = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: block
rules:
  - name: delegated-egress
    priority: 10
    effect: allow
    match:
      tool_names: [tool.post]
      require_delegation: true
  - name: destructive-files
    priority: 20
    effect: allow
    match:
      tool_names: [tool.delete]
`;

/** Wire intents covering targets, provenance, context extras, delegation and destructive calls. */
export const OWN_INTENTS = {
  read: { tool_name: 'tool.read', args: { path: '/tmp/a' }, targets: [{ kind: 'path', value: '/tmp/a', operation: 'read' }], context: { identity: 'agent.one', workspace: '/tmp/w', risk_class: 'low' } },
  write: { tool_name: 'tool.write', args: { path: '/tmp/b', body: 'hi' }, arg_provenance: [{ arg_path: '$.body', source: 'user' }], context: { identity: 'agent.one', workspace: '/tmp/w', risk_class: 'high', session_id: 'sess-1' } },
  exec: { tool_name: 'tool.exec', args: { cmd: 'ls' }, context: { identity: 'agent.one', workspace: '/tmp/w', risk_class: 'medium', run_id: 'run-9', credential_ref: 'ref-1' } },
  deploy: { tool_name: 'TOOL.Deploy', args: {}, created_at: '2026-01-02T03:04:05.123456789Z', context: { identity: 'agent.one', workspace: '/tmp/w', risk_class: 'low', phase: 'plan' } },
  post: {
    tool_name: 'tool.post',
    args: { url: 'https://api.example.com/x' },
    targets: [{ kind: 'host', value: 'api.example.com', operation: 'write', endpoint_class: 'net.http', endpoint_domain: 'api.example.com' }],
    delegation: { requester_identity: 'agent.two', scope_class: 'write', token_refs: ['d-1'], chain: [{ delegator_identity: 'agent.lead', delegate_identity: 'agent.two', scope_class: 'write' }] },
    context: { identity: 'agent.two', workspace: '/tmp/w', risk_class: 'high' },
  },
  delete: { tool_name: 'tool.delete', args: { path: '/tmp/c' }, targets: [{ kind: 'path', value: '/tmp/c', operation: 'delete', destructive: true }], context: { identity: 'agent.one', workspace: '/tmp/w', risk_class: 'high' } },
} as const;
