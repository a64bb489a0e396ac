import { describe, expect, it } from 'vitest';
import { GoTime } from '../go/time.js';
import { issueCredential, resolveBroker } from './broker.js';

const request = { toolName: 'Tool.Write', identity: 'alice', workspace: '/w', sessionId: '', requestId: '', reference: '', scope: ['Write'] };
const now = GoTime.parse('2026-02-05T00:00:00Z');

describe('credential brokers', () => {
  it('stub issues a deterministic reference for five minutes', () => {
    const a = issueCredential(resolveBroker('stub', {}), request, now)!;
    expect(a.credential_ref).toMatch(/^stub:[0-9a-f]{24}$/);
    expect(a).toMatchObject({ issued_by: 'stub', ttl_seconds: 300 });
    expect(a.expires_at.toRFC3339Nano()).toBe('2026-02-05T00:05:00Z');
    expect(issueCredential(resolveBroker('stub', {}), request, now)!.credential_ref).toBe(a.credential_ref);
  });

  it('env reads PREFIX+KEY and never returns the secret', () => {
    const env = { GAIT_BROKER_TOKEN_TOOL_WRITE: 'super-secret', GAIT_BROKER_TOKEN_TOOL_WRITE_TTL_SECONDS: '60' };
    const issued = issueCredential(resolveBroker('env', { env, envPrefix: 'GAIT_BROKER_TOKEN_' }), request, now)!;
    expect(issued.credential_ref).toMatch(/^env:GAIT_BROKER_TOKEN_TOOL_WRITE:[0-9a-f]{16}$/);
    expect(issued.ttl_seconds).toBe(60);
    expect(JSON.stringify(issued)).not.toContain('super-secret');
    expect(issueCredential(resolveBroker('env', { env: {} }), request, now)).toBeUndefined();
  });

  it('rejects unknown brokers and a command broker without a command', () => {
    expect(() => resolveBroker('vault', {})).toThrow(/unsupported credential broker/);
    expect(() => resolveBroker('command', {})).toThrow(/--credential-command/);
    expect(resolveBroker(' NONE ', {}).broker).toBe('off');
  });
});
