/**
 * Starter policies for `gait policy init` (gate.md §2.5). Their rules are the reference's
 * baseline templates rule for rule, so a policy made here has the reference's policy digest (a test
 * checks this against the reference's example files).
 */
const low = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: allow
rules:
  - name: block-destructive-tool-delete
    priority: 10
    effect: block
    match:
      tool_names: [tool.delete]
    reason_codes: [destructive_tool_blocked]
    violations: [destructive_operation]
  - name: require-approval-tool-write
    priority: 20
    effect: require_approval
    min_approvals: 1
    match:
      tool_names: [tool.write]
    reason_codes: [approval_required_for_write]
    violations: [approval_required]
  - name: allow-safe-tool-read
    priority: 30
    effect: allow
    match:
      tool_names: [tool.read]
    reason_codes: [safe_read_allowed]
`;

const medium = low
  .replace('default_verdict: allow', 'default_verdict: require_approval')
  .replace('      tool_names: [tool.read]\n', '      tool_names: [tool.read]\n      risk_classes: [low, medium]\n');

const credentialPosture = (indent: string) =>
  [
    'block_standing_credentials: true',
    'allowed_credential_sources: [aws_sts, github_oidc, vault_dynamic]',
    'allowed_credential_issuers: [sts.amazonaws.com, token.actions.githubusercontent.com, vault.example]',
    'allowed_credential_access_types: [jit]',
    'max_credential_ttl_seconds: 900',
    'require_jit_credential: true',
  ]
    .map((line) => `${indent}${line}\n`)
    .join('');

const approvalRule = (name: string, tool: string, broker: string, scope: string, reason: string) => `  - name: ${name}
    priority: 20
    effect: require_approval
    min_approvals: 2
    require_distinct_approvers: true
${credentialPosture('    ')}    require_broker_credential: true
    broker_reference: ${broker}
    broker_scopes: [${scope}]
    match:
      tool_names: [${tool}]
    reason_codes: [${reason}]
    violations: [approval_required]
`;

const high = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: block
fail_closed:
  enabled: true
  risk_classes: [critical]
  required_fields: [targets, arg_provenance]
rules:
  - name: block-destructive-tool-delete
    priority: 10
    effect: block
    match:
      tool_names: [tool.delete]
    reason_codes: [destructive_tool_blocked]
    violations: [destructive_operation]
  - name: block-tainted-egress-write
    priority: 12
    effect: block
    match:
      tool_names: [tool.write]
      target_kinds: [host, url, bucket]
      provenance_sources: [external, tool_output]
    reason_codes: [blocked_tainted_egress]
    violations: [tainted_data_exfiltration]
  - name: allow-delegated-egress-write
    priority: 15
    effect: allow
${credentialPosture('    ')}    broker_reference: highrisk-egress
    broker_scopes: [write]
    match:
      tool_names: [tool.write]
      risk_classes: [high, critical]
      target_kinds: [host, url, bucket]
      require_delegation: true
      allowed_delegator_identities: [agent.lead]
      allowed_delegate_identities: [agent.specialist]
      delegation_scopes: [write]
      max_delegation_depth: 2
    reason_codes: [delegated_egress_write_allowed]
  - name: block-undelegated-egress-write
    priority: 16
    effect: block
    match:
      tool_names: [tool.write]
      target_kinds: [host, url, bucket]
    reason_codes: [delegation_required_for_egress_write]
    violations: [missing_or_invalid_delegation]
  - name: destructive-budget-guard
    priority: 18
    effect: require_approval
    match:
      risk_classes: [high, critical]
      tool_annotations:
        destructiveHint: true
    endpoint:
      enabled: true
      destructive_action: require_approval
      reason_code: destructive_operation_requires_approval
      violation: destructive_operation
    destructive_budget:
      requests: 3
      window: hour
      scope: identity
    reason_codes: [destructive_budget_guard]
    violations: [destructive_operation]
${approvalRule('require-approval-tool-write', 'tool.write', 'highrisk-egress', 'write', 'approval_required_for_write')}${approvalRule(
  'require-approval-tool-deploy',
  'tool.deploy',
  'highrisk-deploy',
  'deploy',
  'approval_required_for_deploy',
)}  - name: allow-safe-tool-read
    priority: 30
    effect: allow
    match:
      tool_names: [tool.read]
      risk_classes: [low]
    reason_codes: [safe_read_allowed]
`;

export const POLICY_TEMPLATES = {
  'baseline-lowrisk': low,
  'baseline-mediumrisk': medium,
  'baseline-highrisk': high,
} as const;

export type PolicyTemplateName = keyof typeof POLICY_TEMPLATES;

const ALIASES: Record<string, PolicyTemplateName> = {
  'baseline-lowrisk': 'baseline-lowrisk',
  baseline_low_risk: 'baseline-lowrisk',
  low: 'baseline-lowrisk',
  'baseline-mediumrisk': 'baseline-mediumrisk',
  baseline_medium_risk: 'baseline-mediumrisk',
  medium: 'baseline-mediumrisk',
  'baseline-highrisk': 'baseline-highrisk',
  baseline_high_risk: 'baseline-highrisk',
  high: 'baseline-highrisk',
};

/** The canonical template name for a user's key (trimmed, lower-cased), or undefined. */
export function resolvePolicyTemplate(key: string): PolicyTemplateName | undefined {
  return ALIASES[key.trim().toLowerCase()];
}
