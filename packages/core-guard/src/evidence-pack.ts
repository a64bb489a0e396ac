import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeDeterministicZip } from '@gait/core-fsx';
import { type Runpack, normalizeGoTime, readRunpack } from '@gait/core-runpack';
import { type Ed25519KeyPair, canonicalJson, sha256Hex, signDigestHex } from '@gait/core-sign';
import {
  type PackFile,
  jsonFile,
  numberedFiles,
  readJsonObject,
  referencedRunpacks,
  regressSummary,
  runpackSummary,
  traceSummary,
} from './evidence-files.js';
import { compareBytes, uniqueSortedPaths } from './go-strings.js';
import {
  type GuardContent,
  type GuardContentType,
  type GuardPackManifest,
  type IncidentWindow,
  GUARD_MANIFEST_FILE,
  GUARD_MANIFEST_SCHEMA_ID,
  computeGuardPackId,
  encodeGuardManifest,
  guardSignableDigest,
} from './manifest.js';
import { renderSummaryPdf } from './summary-pdf.js';
import { type TemplateId, buildControlIndex, resolveTemplate } from './templates.js';

export interface EvidencePackOptions {
  /** The runpack: a path (its folder is searched for approval audits and credential evidence) or its bytes. */
  readonly runpack: string | Uint8Array;
  readonly caseId?: string;
  /** `soc2` (default), `pci` or `incident_response`. */
  readonly template?: string;
  readonly inventoryPaths?: readonly string[];
  readonly tracePaths?: readonly string[];
  readonly regressPaths?: readonly string[];
  readonly approvalAuditPaths?: readonly string[];
  readonly credentialEvidencePaths?: readonly string[];
  /**
   * With no approval audit and no credential evidence given, take every `approval_audit_*.json`
   * and `credential_evidence_*.json` beside the runpack (the reference CLI's default). Default true.
   */
  readonly discoverEvidence?: boolean;
  readonly renderPdf?: boolean;
  /** `producer_version` of the manifest; default `0.0.0-dev`. */
  readonly producerVersion?: string;
  /** Signs the manifest when given (the CLI passes an ephemeral key by default, as the reference). */
  readonly signingKey?: Ed25519KeyPair;
}

/** What the incident builder adds on top of an evidence pack. */
export interface EvidencePackExtras {
  readonly defaultTemplate?: TemplateId;
  readonly extraFiles?: readonly PackFile[];
  readonly incidentWindow?: IncidentWindow;
  readonly runpackData?: Runpack;
}

export interface BuiltGuardPack {
  /** The zip, deterministic for the same inputs and key. */
  readonly zip: Uint8Array;
  readonly manifest: GuardPackManifest;
  readonly packId: string;
  readonly runId: string;
  readonly templateId: TemplateId;
  /** Every member but the manifest, sorted by path. */
  readonly files: readonly PackFile[];
}

const reportFiles = new Set(['regress_summary.json', 'control_index.json', 'evidence_pointers.json', 'policy_digests.json', 'summary.pdf']);

export function guardEntryType(path: string): GuardContentType {
  if (path === 'runpack_summary.json') return 'runpack';
  if (path === 'trace_summary.json') return 'trace';
  return reportFiles.has(path) ? 'report' : 'evidence';
}

function contentsOf(files: readonly PackFile[]): GuardContent[] {
  return [...files]
    .sort((a, b) => compareBytes(a.path, b.path))
    .map((f) => ({ path: f.path, sha256: sha256Hex(f.data), type: guardEntryType(f.path) }));
}

async function readAll(paths: readonly string[] | undefined, what: string) {
  return Promise.all(uniqueSortedPaths(paths ?? []).map((p) => readJsonObject(p, what)));
}

/** `approval_audit_*.json` / `credential_evidence_*.json` in a folder, byte-sorted. */
export async function discoverBeside(dir: string, prefix: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith(prefix) && n.endsWith('.json')).sort(compareBytes).map((n) => join(dir, n));
}

/**
 * Builds a guard evidence pack in the reference's construction order (artifacts.md §7.1): the
 * evidence files and the PDF, then the control index and evidence pointers computed from those
 * contents (so neither lists itself), then the contents again, the pack id and the signature.
 */
export async function buildEvidencePack(options: EvidencePackOptions, extras: EvidencePackExtras = {}): Promise<BuiltGuardPack> {
  const runpack = extras.runpackData ?? (await readRunpack(options.runpack));
  const runId = runpack.run.run_id;
  const createdAt = runCreatedAt(runpack);
  const templateId = resolveTemplate(options.template, extras.defaultTemplate ?? 'soc2');

  let auditPaths = uniqueSortedPaths(options.approvalAuditPaths ?? []);
  let credentialPaths = uniqueSortedPaths(options.credentialEvidencePaths ?? []);
  if ((options.discoverEvidence ?? true) && auditPaths.length === 0 && credentialPaths.length === 0 && typeof options.runpack === 'string') {
    const dir = dirname(options.runpack);
    auditPaths = await discoverBeside(dir, 'approval_audit_');
    credentialPaths = await discoverBeside(dir, 'credential_evidence_');
  }

  const [inventories, traces, regress, audits, credentials] = await Promise.all([
    readAll(options.inventoryPaths, 'inventory'),
    readAll(options.tracePaths, 'trace'),
    readAll(options.regressPaths, 'regress result'),
    readAll(auditPaths, 'approval audit'),
    readAll(credentialPaths, 'credential evidence'),
  ]);

  const files: PackFile[] = [
    jsonFile('runpack_summary.json', runpackSummary(runpack)),
    jsonFile('referenced_runpacks.json', referencedRunpacks(runpack)),
    ...numberedFiles('inventory_snapshot', inventories),
    ...(traces.length > 0 ? [jsonFile('trace_summary.json', traceSummary(traces))] : []),
    ...(regress.length > 0 ? [jsonFile('regress_summary.json', regressSummary(regress))] : []),
    ...numberedFiles('approval_audit', audits),
    ...numberedFiles('credential_evidence', credentials),
    ...(extras.extraFiles ?? []),
  ];

  let pdfSha: string | undefined;
  if (options.renderPdf) {
    const pdf = renderSummaryPdf({
      runId,
      caseId: options.caseId?.trim() ?? '',
      templateId,
      generatedAt: createdAt,
      evidencePaths: files.map((f) => f.path).sort(compareBytes),
    });
    pdfSha = sha256Hex(pdf);
    files.push({ path: 'summary.pdf', data: pdf });
  }

  const evidenceContents = contentsOf(files);
  const controlIndex = buildControlIndex(templateId, evidenceContents);
  const pointers = evidenceContents.map((c, i) => ({ pointer_id: `ev_${String(i + 1).padStart(3, '0')}`, path: c.path, type: c.type, sha256: c.sha256 }));
  files.push(jsonFile('control_index.json', controlIndex), jsonFile('evidence_pointers.json', pointers));
  files.sort((a, b) => compareBytes(a.path, b.path));
  const contents = contentsOf(files);

  const unsigned: GuardPackManifest = {
    schema_id: GUARD_MANIFEST_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: createdAt,
    producer_version: options.producerVersion ?? '0.0.0-dev',
    pack_id: computeGuardPackId(runId, contents),
    run_id: runId,
    ...(options.caseId?.trim() ? { case_id: options.caseId.trim() } : {}),
    template_id: templateId,
    generated_at: createdAt,
    control_index: controlIndex,
    evidence_pointers: pointers,
    ...(extras.incidentWindow ? { incident_window: extras.incidentWindow } : {}),
    ...(pdfSha ? { rendered_artifacts: [{ format: 'pdf', path: 'summary.pdf', sha256: pdfSha }] } : {}),
    contents,
  };
  const manifest = encodeGuardManifest(
    options.signingKey ? { ...unsigned, signatures: [signDigestHex(options.signingKey, guardSignableDigest(unsigned))] } : unsigned,
  );
  const zip = writeDeterministicZip([...files.map((f) => ({ name: f.path, data: f.data })), { name: GUARD_MANIFEST_FILE, data: canonicalJson(manifest) }]);
  return { zip, manifest, packId: manifest.pack_id, runId, templateId, files };
}

/** The run's creation time in UTC; a zero time becomes 1980-01-01, as in the reference. */
export function runCreatedAt(runpack: Runpack): string {
  const raw = runpack.run.created_at;
  if (raw === '' || raw.startsWith('0001-01-01T00:00:00')) return '1980-01-01T00:00:00Z';
  return normalizeGoTime(raw, { utc: true, field: 'run.created_at' });
}
