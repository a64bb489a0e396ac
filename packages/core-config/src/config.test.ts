import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProjectConfig, parseProjectConfig, withDefaults } from './config.js';

const TEMPLATE = `
gate:
  policy: ./policy.yaml
  profile: oss-prod
  key_mode: prod
  private_key_env: GAIT_PRIVATE_KEY
  credential_broker: env
  credential_env_prefix: GAIT_BROKER_TOKEN_
  credential_scopes: [read, write]
  rate_limit_state: ./gait-out/gate_rate_limits.json
mcp_serve:
  enabled: true
  listen: 127.0.0.1:8787
  auth_mode: " Token "
  auth_token_env: GAIT_MCP_TOKEN
  max_request_bytes: 1048576
  http_verdict_status: STRICT
  allow_client_artifact_paths: false
retention:
  trace_ttl: 168h
  session_ttl: 336h
  export_ttl: 168h
`;

describe('parseProjectConfig', () => {
  it('reads the three sections, trimming strings and lower-casing the mcp_serve enums', () => {
    const config = parseProjectConfig(TEMPLATE);
    expect(config.gate).toMatchObject({ profile: 'oss-prod', key_mode: 'prod', credential_scopes: ['read', 'write'] });
    expect(config.mcp_serve).toEqual({
      enabled: true,
      listen: '127.0.0.1:8787',
      auth_mode: 'token',
      auth_token_env: 'GAIT_MCP_TOKEN',
      max_request_bytes: 1048576,
      http_verdict_status: 'strict',
      allow_client_artifact_paths: false,
    });
    expect(config.retention).toEqual({ trace_ttl: '168h', session_ttl: '336h', export_ttl: '168h' });
  });

  it('treats an empty file as an empty config', () => {
    expect(parseProjectConfig('')).toEqual({ gate: {}, mcp_serve: {}, retention: {} });
  });

  it.each([
    ['gate:\n  polcy: x\n', /unknown key gate\.polcy/],
    ['gates:\n  policy: x\n', /unknown section gates/],
    ['mcp_serve:\n  enabled: "yes"\n', /mcp_serve\.enabled must be true or false/],
    ['mcp_serve:\n  max_request_bytes: 1.5\n', /mcp_serve\.max_request_bytes must be an integer/],
    ['gate:\n  policy: a\n  policy: b\n', /invalid YAML/],
    ['- a\n', /expected a mapping/],
    ['gate: [1]\n', /gate must be a mapping/],
  ])('rejects %j naming the problem', (text, message) => {
    expect(() => parseProjectConfig(text, 'cfg.yaml')).toThrow(message);
    expect(() => parseProjectConfig(text, 'cfg.yaml')).toThrow(expect.objectContaining({ exitCode: 6 }));
  });
});

describe('loadProjectConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gait-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ignores a missing default file but not a missing explicit one', () => {
    expect(loadProjectConfig({ workdir: dir })).toMatchObject({ found: false, config: { gate: {} } });
    expect(() => loadProjectConfig({ workdir: dir, path: 'nope.yaml' })).toThrow(/read project config: .*nope\.yaml: no such file/);
  });

  it('reads .gait/config.yaml under the workdir', () => {
    mkdirSync(join(dir, '.gait'));
    writeFileSync(join(dir, '.gait/config.yaml'), 'gate:\n  profile: oss-prod\n');
    expect(loadProjectConfig({ workdir: dir })).toMatchObject({ found: true, config: { gate: { profile: 'oss-prod' } } });
  });
});

describe('withDefaults', () => {
  it('lets every set flag override the config', () => {
    expect(withDefaults<{ policy: string; profile: string }>({ policy: 'cfg.yaml', profile: 'oss-prod' }, { policy: 'flag.yaml', profile: undefined })).toEqual({
      policy: 'flag.yaml',
      profile: 'oss-prod',
    });
  });
});
