import { describe, expect, it } from 'vitest';
import { toIntentRequest } from './intent-input.js';

const defaults = { producerVersion: '0.0.0-dev', now: new Date('2026-02-11T00:00:00.000Z') };

describe('toIntentRequest', () => {
  it('turns the camelCase spec into the wire intent, args untouched', () => {
    const wire = toIntentRequest(
      {
        toolName: 'tool.write',
        args: { filePath: '/tmp/a', nested: { keepMe: 1 } },
        targets: [{ kind: 'path', value: '/tmp/a', operation: 'write', endpointClass: 'fs.write' }],
        argProvenance: [{ argPath: '$.filePath', source: 'user' }],
        context: { identity: 'bot', workspace: '/w', riskClass: 'high', sessionId: 's1', credentialScopes: ['x'], authContext: { tenantId: 't' } },
        delegation: { requesterIdentity: 'bot', tokenRefs: ['d1'], chain: [{ delegatorIdentity: 'lead', delegateIdentity: 'bot' }] },
        skillProvenance: { skillName: 'writer', source: 'registry', publisher: 'acme' },
      },
      defaults,
    );
    expect(wire).toEqual({
      schema_id: 'gait.gate.intent_request',
      schema_version: '1.0.0',
      created_at: '2026-02-11T00:00:00.000Z',
      producer_version: '0.0.0-dev',
      tool_name: 'tool.write',
      args: { filePath: '/tmp/a', nested: { keepMe: 1 } },
      targets: [{ kind: 'path', value: '/tmp/a', operation: 'write', endpoint_class: 'fs.write' }],
      arg_provenance: [{ arg_path: '$.filePath', source: 'user' }],
      context: { identity: 'bot', workspace: '/w', risk_class: 'high', session_id: 's1', credential_scopes: ['x'], auth_context: { tenantId: 't' } },
      delegation: { requester_identity: 'bot', token_refs: ['d1'], chain: [{ delegator_identity: 'lead', delegate_identity: 'bot' }] },
      skill_provenance: { skill_name: 'writer', source: 'registry', publisher: 'acme' },
    });
  });

  it('fills identity, workspace and the most restrictive risk class, under the gate context', () => {
    expect(toIntentRequest({ toolName: 't' }, defaults).context).toEqual({ identity: 'gait-sdk', workspace: process.cwd(), risk_class: 'high' });
    const withGate = toIntentRequest({ toolName: 't', context: { sessionId: 's' } }, { ...defaults, context: { identity: 'svc', riskClass: 'low' } });
    expect(withGate.context).toMatchObject({ identity: 'svc', risk_class: 'low', session_id: 's' });
  });

  it('passes a wire intent through unchanged', () => {
    const wire = { tool_name: 'tool.read', args: { a: 1 }, context: { identity: 'x', workspace: '/', risk_class: 'low' } };
    expect(toIntentRequest(wire, defaults)).toBe(wire);
  });

  it('names the missing field', () => {
    expect(() => toIntentRequest({ toolName: ' ' }, defaults)).toThrow(/intent.toolName is required/);
    expect(() => toIntentRequest(null as never, defaults)).toThrow(/intent must be an object/);
  });
});
