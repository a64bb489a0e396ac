import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptArtifact, defaultDecryptOutput, encodeEncryptedArtifact, encryptArtifact, parseEncryptedArtifact, resolveEncryptionKey } from './encryption.js';

const vectorKey = 'oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8=';
const env = { GAIT_TEST_KEY: vectorKey };

describe('guard encryption (artifacts.md §7.3, §11.2 H)', () => {
  it('decrypts the reference vector', () => {
    const envelope =
      '{"algorithm":"aes-256-gcm","ciphertext":"OAjtTv9zsys/pKUsFkovbOxGNXjnf0bv/64w","created_at":"2026-11-24T23:37:43.919841423Z","key_source":{"mode":"env","ref":"GAIT_TEST_KEY"},"nonce":"+bJogq7hZ8T2IROE","plain_sha256":"4b348cc6833c72bbd3707cd82aae57080f4b30977eca28a20646aded7c08bf95","plain_size":11,"producer_version":"0.0.0-dev","schema_id":"gait.guard.encrypted_artifact","schema_version":"1.0.0"}';
    const plain = decryptArtifact(parseEncryptedArtifact(envelope), resolveEncryptionKey({ keyEnv: 'GAIT_TEST_KEY', env }).key);
    expect(Buffer.from(plain).toString()).toBe('hello gait\n');
  });

  it('round-trips with a fresh nonce each time, and the envelope is canonical JSON', () => {
    const key = resolveEncryptionKey({ keyEnv: 'GAIT_TEST_KEY', env });
    const a = encryptArtifact(Buffer.from('evidence'), key);
    const b = encryptArtifact(Buffer.from('evidence'), key);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.key_source).toEqual({ mode: 'env', ref: 'GAIT_TEST_KEY' });
    const text = encodeEncryptedArtifact(a);
    expect(Object.keys(JSON.parse(text))).toEqual([...Object.keys(JSON.parse(text))].sort());
    expect(Buffer.from(decryptArtifact(parseEncryptedArtifact(text), key.key)).toString()).toBe('evidence');
  });

  it('takes the key from a command, recording the command but not its arguments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keycmd-'));
    const script = join(dir, 'key.sh');
    writeFileSync(script, `#!/bin/sh\necho "  ${vectorKey}  "\n`);
    chmodSync(script, 0o755);
    const key = resolveEncryptionKey({ keyCommand: script, keyCommandArgs: ['--secret-arg'] });
    expect(key.source).toEqual({ mode: 'command', command: script });
    expect(Buffer.from(key.key).toString('base64')).toBe(vectorKey);
  });

  it('refuses missing, short and malformed keys, edited envelopes and a wrong plaintext digest', () => {
    expect(() => resolveEncryptionKey({})).toThrow('missing key source: provide --key-env or --key-command');
    expect(() => resolveEncryptionKey({ keyEnv: 'K', env: { K: 'AAEC' } })).toThrow(/32 bytes/);
    expect(() => resolveEncryptionKey({ keyEnv: 'K', env: { K: 'not base64!' } })).toThrow(/invalid base64/);
    expect(() => resolveEncryptionKey({ keyEnv: 'K', env: {} })).toThrow(/empty/);
    expect(() => resolveEncryptionKey({ keyCommand: '/nonexistent/key-cmd' })).toThrow(expect.objectContaining({ exitCode: 6 }));
    const key = resolveEncryptionKey({ keyEnv: 'GAIT_TEST_KEY', env });
    const artifact = encryptArtifact(Buffer.from('x'), key);
    expect(() => parseEncryptedArtifact(JSON.stringify({ ...artifact, extra: 1 }))).toThrow('unknown field "extra"');
    expect(() => parseEncryptedArtifact('[]')).toThrow(/JSON object/);
    expect(() => decryptArtifact({ ...artifact, plain_sha256: '0'.repeat(64) }, key.key)).toThrow(/digest mismatch/);
    expect(() => decryptArtifact({ ...artifact, nonce: 'AAAA' }, key.key)).toThrow(/nonce/);
  });

  it('derives the decrypt output name', () => {
    expect(defaultDecryptOutput('a/pack.zip.gaitenc')).toBe('a/pack.zip');
    expect(defaultDecryptOutput('a/pack.bin')).toBe('a/pack.bin.plain');
  });
});
