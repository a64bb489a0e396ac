/**
 * The SEED TCK runpack of artifacts.md §11.2 A, member by member (test fixture; not exported).
 * Zipped here with our deflate: guard and PackSpec digests are content-level, so the zip bytes
 * do not matter except where a pack embeds the runpack itself.
 */
import { writeDeterministicZip } from '@gait/core-fsx';
import { keyPairFromSeed } from '@gait/core-sign';

export const tckMembers: Record<string, string> = {
  'run.json':
    '{"created_at":"2026-02-14T00:00:00Z","env":{"arch":"arm64","os":"darwin","runtime":"go"},"producer_version":"0.0.0-dev","run_id":"run_tck","schema_id":"gait.runpack.run","schema_version":"1.0.0","timeline":[{"event":"tool_call","ref":"intent_1","ts":"2026-02-14T00:00:00Z"}]}',
  'intents.jsonl':
    '{"args":{"message":"hello"},"args_digest":"1111111111111111111111111111111111111111111111111111111111111111","created_at":"2026-02-14T00:00:00Z","intent_id":"intent_1","producer_version":"0.0.0-dev","run_id":"run_tck","schema_id":"gait.runpack.intent","schema_version":"1.0.0","tool_name":"echo"}\n',
  'results.jsonl':
    '{"created_at":"2026-02-14T00:00:00Z","intent_id":"intent_1","producer_version":"0.0.0-dev","result":{"ok":true},"result_digest":"2222222222222222222222222222222222222222222222222222222222222222","run_id":"run_tck","schema_id":"gait.runpack.result","schema_version":"1.0.0","status":"ok"}\n',
  'refs.json':
    '{"context_evidence_mode":"best_effort","context_ref_count":1,"created_at":"2026-02-14T00:00:00Z","producer_version":"0.0.0-dev","receipts":[{"content_digest":"4444444444444444444444444444444444444444444444444444444444444444","immutability":"unknown","query_digest":"3333333333333333333333333333333333333333333333333333333333333333","redaction_mode":"metadata","ref_id":"ref_1","retrieved_at":"2026-02-14T00:00:00Z","source_locator":"https://example.com","source_type":"http"}],"run_id":"run_tck","schema_id":"gait.runpack.refs","schema_version":"1.0.0"}',
  'manifest.json':
    '{"capture_mode":"reference","created_at":"2026-02-14T00:00:00Z","files":[{"path":"intents.jsonl","sha256":"cee2f37e0a7228ab964086288088961a6c7b14cf30b29b55c13a14f8127c0f2a"},{"path":"refs.json","sha256":"3efeb53ba886c76ca6314f59cc44c7c0552783dadd88093efc7f004d73086194"},{"path":"results.jsonl","sha256":"40ac35692ac432fd9be8d222db8426ed526d82a4cb47429b9f458354a928cbb7"},{"path":"run.json","sha256":"09ac0a89082fb627d71cec05ed1231679f4f6f6a2b0bdea0e1a7d1806d6c04ba"}],"manifest_digest":"d71fb755f8c929bb82bef197a360eeb574eb93cf4914fe03ad2d3286f7bbfde8","producer_version":"0.0.0-dev","run_id":"run_tck","schema_id":"gait.runpack.manifest","schema_version":"1.0.0"}',
};

export function tckRunpackZip(): Uint8Array {
  return writeDeterministicZip(Object.entries(tckMembers).map(([name, data]) => ({ name, data })));
}

/** The fixed key of artifacts.md §2.6: seed bytes 00..1f. */
export function fixedKeyPair() {
  return keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i));
}
