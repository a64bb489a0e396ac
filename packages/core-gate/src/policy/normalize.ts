/** Policy loading: strict YAML, normalization and validation (gate.md §2.1–§2.3). */
import { compareBytes, lowerTrim, normalizeStringList, normalizeStringListLower, trim, uniqueSorted } from '../go/strings.js';
import { ENDPOINT_CLASSES } from '../intent/targets.js';
import { PolicyError } from './errors.js';
import { normalizeMcpTrust } from './mcp-trust.js';
import { LEGACY_TOP_LEVEL_FIELDS, policyShape } from './shape.js';

function legacyHint(key: string, path: string): string | undefined {
  if (path !== key || !LEGACY_TOP_LEVEL_FIELDS.includes(key)) return undefined;
  return `legacy policy field ${JSON.stringify(key)} is not supported; use the policy contract: schema_id, schema_version, default_verdict, optional fail_closed, optional mcp_trust, and rules`;
}
import type { DataflowSpec, EndpointSpec, Policy, PolicyMatch, PolicyRule, RateLimitSpec, Verdict } from './types.js';
import { type Plain, readStrictYaml } from './yaml-read.js';

type Obj = { [key: string]: Plain };

export const VERDICTS: ReadonlySet<string> = new Set(['allow', 'block', 'dry_run', 'require_approval']);
const REQUIRED_FIELDS = new Set(['targets', 'arg_provenance', 'endpoint_class', 'delegation', 'context_evidence']);

function obj(value: Plain | undefined): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function str(value: Plain | undefined): string {
  return typeof value === 'string' ? value : '';
}
function list(value: Plain | undefined): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}
function int(value: Plain | undefined): number {
  return typeof value === 'number' ? value : 0;
}
function bool(value: Plain | undefined): boolean {
  return value === true;
}

function checkVerdict(value: string, message: string, path: string): Verdict {
  if (!VERDICTS.has(value)) throw new PolicyError(`${message} (expected allow, block, dry_run or require_approval)`, path);
  return value as Verdict;
}

function normalizeMatch(raw: Obj, ruleName: string, path: string): PolicyMatch {
  const endpointClasses = normalizeStringListLower([...list(raw.endpoint_classes), ...list(raw.endpoint_class)]);
  for (const cls of endpointClasses) {
    if (!ENDPOINT_CLASSES.has(cls)) {
      throw new PolicyError(`unsupported match endpoint_class "${cls}" for ${ruleName}`, `${path}.endpoint_classes`);
    }
  }
  const depth = raw.max_delegation_depth;
  if (typeof depth === 'number' && depth < 0) {
    throw new PolicyError(`max_delegation_depth must be >= 0 for ${ruleName}`, `${path}.max_delegation_depth`);
  }
  const annotations = raw.tool_annotations === undefined ? undefined : obj(raw.tool_annotations);
  const hint = (v: Plain | undefined) => (typeof v === 'boolean' ? v : undefined);
  return {
    tool_names: normalizeStringListLower([...list(raw.tool_names), ...list(raw.tool_name)]),
    risk_classes: normalizeStringListLower(list(raw.risk_classes)),
    target_kinds: normalizeStringListLower(list(raw.target_kinds)),
    target_values: normalizeStringList(list(raw.target_values)),
    provenance_sources: normalizeStringListLower(list(raw.provenance_sources)),
    identities: normalizeStringList(list(raw.identities)),
    workspace_prefixes: normalizeStringList(list(raw.workspace_prefixes)),
    endpoint_classes: endpointClasses,
    skill_publishers: normalizeStringListLower(list(raw.skill_publishers)),
    skill_sources: normalizeStringListLower(list(raw.skill_sources)),
    data_classes: normalizeStringListLower(list(raw.data_classes)),
    destination_kinds: normalizeStringListLower(list(raw.destination_kinds)),
    destination_values: normalizeStringList(list(raw.destination_values)),
    destination_operations: normalizeStringListLower(list(raw.destination_operations)),
    require_delegation: bool(raw.require_delegation),
    allowed_delegator_identities: normalizeStringList(list(raw.allowed_delegator_identities)),
    allowed_delegate_identities: normalizeStringList(list(raw.allowed_delegate_identities)),
    delegation_scopes: normalizeStringListLower(list(raw.delegation_scopes)),
    max_delegation_depth: typeof depth === 'number' ? depth : undefined,
    discovery_methods: normalizeStringListLower(list(raw.discovery_method)).map((m) => m.replace(/[- ]/g, '_')),
    tool_annotations:
      annotations && {
        readOnlyHint: hint(annotations.readOnlyHint),
        destructiveHint: hint(annotations.destructiveHint),
        idempotentHint: hint(annotations.idempotentHint),
        openWorldHint: hint(annotations.openWorldHint),
      },
  };
}

function normalizeRateLimit(raw: Obj, ruleName: string, path: string, label: string): RateLimitSpec {
  const requests = int(raw.requests);
  if (requests < 0) throw new PolicyError(`${label}.requests must be >= 0 for ${ruleName}`, `${path}.requests`);
  let window = lowerTrim(str(raw.window));
  let scope = lowerTrim(str(raw.scope));
  if (requests > 0) {
    window ||= 'minute';
    scope ||= 'tool_identity';
    if (window !== 'minute' && window !== 'hour') {
      throw new PolicyError(`unsupported ${label}.window "${window}" for ${ruleName} (expected minute or hour)`, `${path}.window`);
    }
    if (!['tool', 'identity', 'tool_identity'].includes(scope)) {
      throw new PolicyError(`unsupported ${label}.scope "${scope}" for ${ruleName} (expected tool, identity or tool_identity)`, `${path}.scope`);
    }
  }
  return { requests, window, scope };
}

function normalizeDataflow(raw: Obj, ruleName: string, path: string): DataflowSpec {
  const spec: DataflowSpec = {
    enabled: bool(raw.enabled),
    tainted_sources: normalizeStringListLower(list(raw.tainted_sources)),
    destination_kinds: normalizeStringListLower(list(raw.destination_kinds)),
    destination_values: normalizeStringList(list(raw.destination_values)),
    destination_operations: normalizeStringListLower(list(raw.destination_operations)),
    action: lowerTrim(str(raw.action)),
    reason_code: trim(str(raw.reason_code)),
    violation: trim(str(raw.violation)),
  };
  spec.enabled ||=
    spec.tainted_sources.length + spec.destination_kinds.length + spec.destination_values.length + spec.destination_operations.length > 0;
  if (!spec.enabled) return spec;
  if (spec.tainted_sources.length === 0) spec.tainted_sources = ['external', 'tool_output'];
  spec.action ||= 'require_approval';
  if (spec.action !== 'block' && spec.action !== 'require_approval') {
    throw new PolicyError(`unsupported dataflow.action "${spec.action}" for ${ruleName} (expected block or require_approval)`, `${path}.action`);
  }
  spec.reason_code ||= 'dataflow_tainted_destination';
  spec.violation ||= 'tainted_dataflow';
  return spec;
}

function normalizeEndpoint(raw: Obj, ruleName: string, path: string): EndpointSpec {
  // filepath.ToSlash is the identity on POSIX, which is what the digest was defined on.
  const spec: EndpointSpec = {
    enabled: bool(raw.enabled),
    path_allowlist: uniqueSorted(list(raw.path_allowlist)),
    path_denylist: uniqueSorted(list(raw.path_denylist)),
    domain_allowlist: normalizeStringListLower(list(raw.domain_allowlist)),
    domain_denylist: normalizeStringListLower(list(raw.domain_denylist)),
    egress_classes: normalizeStringListLower(list(raw.egress_classes)),
    action: lowerTrim(str(raw.action)),
    destructive_action: lowerTrim(str(raw.destructive_action)),
    reason_code: trim(str(raw.reason_code)),
    violation: trim(str(raw.violation)),
  };
  for (const cls of spec.egress_classes) {
    if (!ENDPOINT_CLASSES.has(cls)) throw new PolicyError(`unsupported endpoint.egress_class "${cls}" for ${ruleName}`, `${path}.egress_classes`);
    if (!cls.startsWith('net.')) throw new PolicyError(`endpoint.egress_class must be network class for ${ruleName}`, `${path}.egress_classes`);
  }
  spec.enabled ||=
    spec.path_allowlist.length + spec.path_denylist.length + spec.domain_allowlist.length + spec.domain_denylist.length + spec.egress_classes.length > 0 ||
    spec.destructive_action !== '';
  if (!spec.enabled) return spec;
  spec.action ||= 'block';
  if (spec.action !== 'block' && spec.action !== 'require_approval') {
    throw new PolicyError(`unsupported endpoint.action "${spec.action}" for ${ruleName} (expected block or require_approval)`, `${path}.action`);
  }
  if (spec.destructive_action !== '' && spec.destructive_action !== 'block' && spec.destructive_action !== 'require_approval') {
    throw new PolicyError(
      `unsupported endpoint.destructive_action "${spec.destructive_action}" for ${ruleName} (expected block or require_approval)`,
      `${path}.destructive_action`,
    );
  }
  spec.reason_code ||= 'endpoint_constraint_violation';
  spec.violation ||= 'endpoint_constraint_violation';
  return spec;
}

function normalizeRule(raw: Obj, index: number): PolicyRule {
  const path = `rules[${index}]`;
  const name = trim(str(raw.name));
  if (name === '') throw new PolicyError('rule name is required', `${path}.name`);
  let effect = lowerTrim(str(raw.effect));
  const action = lowerTrim(str(raw.action));
  if (action !== '') {
    if (effect !== '' && effect !== action) {
      throw new PolicyError(`rule action "${action}" must equal effect "${effect}" for ${name}`, `${path}.action`);
    }
    effect = action;
  }
  if (effect === '') throw new PolicyError(`rule effect is required for ${name}`, `${path}.effect`);
  const verdict = checkVerdict(effect, `invalid rule effect "${effect}" for ${name}`, `${path}.effect`);
  const minApprovals = int(raw.min_approvals);
  if (minApprovals < 0) throw new PolicyError(`min_approvals must be >= 0 for ${name}`, `${path}.min_approvals`);
  const requireContextEvidence = bool(raw.require_context_evidence);
  let mode = lowerTrim(str(raw.required_context_evidence_mode));
  if (requireContextEvidence && mode === '') mode = 'required';
  if (mode !== '' && mode !== 'required') {
    throw new PolicyError(`required_context_evidence_mode must be required for ${name}`, `${path}.required_context_evidence_mode`);
  }
  const maxAge = int(raw.max_context_age_seconds);
  if (maxAge < 0) throw new PolicyError(`max_context_age_seconds must be >= 0 for ${name}`, `${path}.max_context_age_seconds`);
  const maxTtl = int(raw.max_credential_ttl_seconds);
  if (maxTtl < 0) throw new PolicyError(`max_credential_ttl_seconds must be >= 0 for ${name}`, `${path}.max_credential_ttl_seconds`);
  return {
    name,
    priority: int(raw.priority),
    effect: verdict,
    match: normalizeMatch(obj(raw.match), name, `${path}.match`),
    reason_codes: uniqueSorted(list(raw.reason_codes)),
    violations: uniqueSorted(list(raw.violations)),
    min_approvals: minApprovals,
    require_distinct_approvers: bool(raw.require_distinct_approvers) || minApprovals > 1,
    require_context_evidence: requireContextEvidence,
    required_context_evidence_mode: mode,
    max_context_age_seconds: maxAge,
    require_broker_credential: bool(raw.require_broker_credential),
    broker_reference: trim(str(raw.broker_reference)),
    broker_scopes: normalizeStringListLower(list(raw.broker_scopes)),
    rate_limit: normalizeRateLimit(obj(raw.rate_limit), name, `${path}.rate_limit`, 'rate_limit'),
    destructive_budget: normalizeRateLimit(obj(raw.destructive_budget), name, `${path}.destructive_budget`, 'destructive_budget'),
    dataflow: normalizeDataflow(obj(raw.dataflow), name, `${path}.dataflow`),
    endpoint: normalizeEndpoint(obj(raw.endpoint), name, `${path}.endpoint`),
    block_standing_credentials: bool(raw.block_standing_credentials),
    allowed_credential_sources: normalizeStringListLower(list(raw.allowed_credential_sources)),
    allowed_credential_issuers: normalizeStringListLower(list(raw.allowed_credential_issuers)),
    allowed_credential_access_types: normalizeStringListLower(list(raw.allowed_credential_access_types)),
    max_credential_ttl_seconds: maxTtl,
    require_jit_credential: bool(raw.require_jit_credential),
  };
}

/** Normalize an already-decoded policy object (the YAML's plain values). */
export function normalizePolicy(raw: Obj): Policy {
  const schemaId = trim(str(raw.schema_id)) || 'gait.gate.policy';
  if (schemaId !== 'gait.gate.policy') throw new PolicyError(`unsupported policy schema_id: ${schemaId}`, 'schema_id');
  const schemaVersion = trim(str(raw.schema_version)) || '1.0.0';
  if (schemaVersion !== '1.0.0') throw new PolicyError(`unsupported policy schema_version: ${schemaVersion}`, 'schema_version');
  let defaultVerdict = lowerTrim(str(raw.default_verdict));
  const defaultAction = lowerTrim(str(raw.default_action));
  if (defaultAction !== '') {
    if (defaultVerdict !== '' && defaultVerdict !== defaultAction) {
      throw new PolicyError(`default_action "${defaultAction}" must equal default_verdict "${defaultVerdict}"`, 'default_action');
    }
    defaultVerdict = defaultAction;
  }
  defaultVerdict ||= 'require_approval';
  const verdict = checkVerdict(defaultVerdict, `invalid default_verdict: ${defaultVerdict}`, 'default_verdict');
  const fc = obj(raw.fail_closed);
  const failClosed = {
    enabled: bool(fc.enabled),
    risk_classes: normalizeStringListLower(list(fc.risk_classes)),
    required_fields: normalizeStringListLower(list(fc.required_fields)),
  };
  if (failClosed.enabled && failClosed.risk_classes.length === 0) failClosed.risk_classes = ['critical', 'high'];
  for (const f of failClosed.required_fields) {
    if (!REQUIRED_FIELDS.has(f)) {
      throw new PolicyError(
        `unsupported fail_closed required_field: ${f} (expected targets, arg_provenance, endpoint_class, delegation or context_evidence)`,
        'fail_closed.required_fields',
      );
    }
  }
  const rawRules = Array.isArray(raw.rules) ? raw.rules : [];
  const rules = rawRules.map((r, i) => normalizeRule(obj(r), i));
  // The reference accepts duplicate rule names (the Go corpus has policies with them). Go's sort
  // is unstable; a stable sort keeps file order among same-priority, same-name rules.
  rules.sort((a, b) => a.priority - b.priority || compareBytes(a.name, b.name));
  const policy: Policy = { schema_id: schemaId, schema_version: schemaVersion, default_verdict: verdict, fail_closed: failClosed, rules };
  const mcpTrust = normalizeMcpTrust(raw.mcp_trust === undefined ? undefined : obj(raw.mcp_trust));
  if (mcpTrust) policy.mcp_trust = mcpTrust;
  return policy;
}

/** Parse policy YAML text strictly and normalize it. Throws `PolicyError` (exit 6). */
export function parsePolicyYaml(text: string): Policy {
  const raw = readStrictYaml(text, policyShape, legacyHint);
  return normalizePolicy(raw);
}
