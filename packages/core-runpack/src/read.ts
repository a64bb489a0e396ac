import { InvalidInputError } from '@gait/core-errors';
import { sha256Hex } from '@gait/core-sign';
import { loadZipBytes, openZip, parseJsonMember, parseJsonlMember, type RunpackSource, type ZipMembers } from './archive.js';
import { decodeIntent, decodeRefs, decodeResult, decodeRun } from './decode.js';
import { decodeManifest } from './decode-manifest.js';
import { DATA_FILES, MANIFEST_FILE, type Runpack } from './records.js';
import { normalizeRefs } from './refs.js';

/**
 * Reads a runpack for replay, diff, inspect and regress: every member must exist and match its
 * manifest hash (else invalid input, exit 6). Signatures are not checked here; use
 * `verifyRunpack` for that.
 */
export async function readRunpack(source: RunpackSource): Promise<Runpack> {
  return readRunpackMembers(openZip(await loadZipBytes(source)));
}

export function readRunpackMembers(zip: ZipMembers): Runpack {
  const missing = [MANIFEST_FILE, ...DATA_FILES].filter((name) => zip.get(name) === undefined);
  if (missing.length > 0) {
    throw new InvalidInputError(`missing runpack files: ${missing.join(', ')}`, { code: 'runpack_missing_files', details: { missing } });
  }
  const manifest = decodeManifest(parseJsonMember(zip.get(MANIFEST_FILE)!, MANIFEST_FILE));
  for (const file of manifest.files) {
    const data = zip.get(file.path);
    if (data === undefined || sha256Hex(data) !== file.sha256.toLowerCase()) {
      throw new InvalidInputError('runpack hash mismatch', { code: 'runpack_hash_mismatch', details: { path: file.path } });
    }
  }
  const refs = normalizeRefs(decodeRefs(parseJsonMember(zip.get('refs.json')!, 'refs.json'), 'refs.json'));
  if (refs.context_evidence_mode === 'required' && !refs.context_set_digest) {
    throw new InvalidInputError('context evidence mode required but context_set_digest is missing', { code: 'context_digest_required' });
  }
  return {
    manifest,
    run: decodeRun(parseJsonMember(zip.get('run.json')!, 'run.json'), 'run.json'),
    intents: parseJsonlMember(zip.get('intents.jsonl')!, 'intents.jsonl').map((v, i) => decodeIntent(v, `intents.jsonl[${i}]`)),
    results: parseJsonlMember(zip.get('results.jsonl')!, 'results.jsonl').map((v, i) => decodeResult(v, `results.jsonl[${i}]`)),
    refs,
  };
}
