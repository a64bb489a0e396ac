import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { type GoTime, formatGoTime, parseGoDuration, parseGoTime, readRunpack } from '@gait/core-runpack';
import { type BuiltGuardPack, type EvidencePackOptions, buildEvidencePack, runCreatedAt } from './evidence-pack.js';
import { jsonFile, readJsonObject } from './evidence-files.js';
import { compareBytes } from './go-strings.js';
import type { IncidentWindow } from './manifest.js';

export interface IncidentPackOptions {
  /** Path of the runpack; its folder is searched for traces, regress results and approval artifacts. */
  readonly runpack: string;
  /** Half-width of the window around the run's creation time, Go duration syntax; default `24h`. */
  readonly window?: string;
  /** Default `incident_response`. */
  readonly template?: string;
  readonly caseId?: string;
  readonly renderPdf?: boolean;
  readonly producerVersion?: string;
}

export interface BuiltIncidentPack extends BuiltGuardPack {
  readonly window: IncidentWindow;
  readonly traceCount: number;
  readonly regressCount: number;
  readonly approvalAuditCount: number;
  readonly credentialEvidenceCount: number;
  readonly policyDigests: string[];
  /** Files in the folder that matched a name pattern but could not be read as dated JSON. */
  readonly warnings: string[];
}

type Obj = Record<string, unknown>;

interface Candidate {
  readonly path: string;
  readonly record: Obj;
}

const text = (o: Obj, key: string): string => (typeof o[key] === 'string' ? (o[key] as string) : '');

function shift(time: GoTime, ms: number): GoTime {
  const totalNanos = BigInt(time.unixSeconds) * 1_000_000_000n + BigInt(time.nanos) + BigInt(Math.trunc(ms * 1e6));
  const seconds = totalNanos / 1_000_000_000n - (totalNanos % 1_000_000_000n < 0n ? 1n : 0n);
  return { unixSeconds: Number(seconds), nanos: Number(totalNanos - seconds * 1_000_000_000n), offsetMinutes: 0 };
}

const before = (a: GoTime, b: GoTime) => a.unixSeconds < b.unixSeconds || (a.unixSeconds === b.unixSeconds && a.nanos < b.nanos);

/**
 * `gait incident pack`: a guard pack of the run plus every trace, regress result, approval audit
 * and credential record beside the runpack whose `created_at` lies within [T−w, T+w] of the run's
 * creation time, audits and credentials restricted to the selected traces when there are any, and
 * `policy_digests.json`. Never signed.
 *
 * Chosen reading: the reference falls back to taking every approval audit and credential record
 * of the folder, ignoring the window, when the window selects none of them (artifacts.md §7.2
 * "Quirk"). That contradicts its documented purpose, so this builder keeps to the window.
 */
export async function buildIncidentPack(options: IncidentPackOptions): Promise<BuiltIncidentPack> {
  const windowText = (options.window ?? '24h').trim() || '24h';
  const windowMs = parseGoDuration(windowText, '--window');
  if (windowMs <= 0) throw new InvalidInputError(`--window must be > 0 (got ${windowText})`, { code: 'invalid_window' });
  const runpack = await readRunpack(options.runpack);
  const anchor = parseGoTime(runCreatedAt(runpack), 'run.created_at');
  const from = shift(anchor, -windowMs);
  const to = shift(anchor, windowMs);
  const inWindow = (record: Obj): boolean => {
    try {
      const at = parseGoTime(text(record, 'created_at'));
      return !before(at, from) && !before(to, at);
    } catch {
      return false;
    }
  };

  const dir = dirname(options.runpack);
  const warnings: string[] = [];
  const load = async (predicate: (name: string) => boolean): Promise<Candidate[]> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    const out: Candidate[] = [];
    for (const name of names.filter(predicate).sort(compareBytes)) {
      try {
        out.push({ path: join(dir, name), record: await readJsonObject(join(dir, name), 'incident artifact') });
      } catch (error) {
        warnings.push(`skipped ${name}: ${(error as Error).message}`);
      }
    }
    return out.filter((c) => inWindow(c.record));
  };

  const traces = await load((n) => n.startsWith('trace_') && n.endsWith('.json'));
  const regress = await load((n) => n.startsWith('regress') && n.endsWith('.json'));
  const traceIds = new Set(traces.map((t) => text(t.record, 'trace_id')).filter((id) => id !== ''));
  const linked = (c: Candidate) => traceIds.size === 0 || traceIds.has(text(c.record, 'trace_id'));
  const audits = (await load((n) => n.startsWith('approval_audit_') && n.endsWith('.json'))).filter(linked);
  const credentials = (await load((n) => n.startsWith('credential_evidence_') && n.endsWith('.json'))).filter(linked);
  const policyDigests = [...new Set(traces.map((t) => text(t.record, 'policy_digest')).filter((d) => d !== ''))].sort(compareBytes);

  const window: IncidentWindow = {
    from: formatGoTime(from),
    to: formatGoTime(to),
    window_seconds: Math.trunc(windowMs / 1000),
    selection_anchor: runpack.run.run_id,
  };
  const evidenceOptions: EvidencePackOptions = {
    runpack: options.runpack,
    template: options.template ?? 'incident_response',
    tracePaths: traces.map((c) => c.path),
    regressPaths: regress.map((c) => c.path),
    approvalAuditPaths: audits.map((c) => c.path),
    credentialEvidencePaths: credentials.map((c) => c.path),
    discoverEvidence: false,
    ...(options.caseId === undefined ? {} : { caseId: options.caseId }),
    ...(options.renderPdf === undefined ? {} : { renderPdf: options.renderPdf }),
    ...(options.producerVersion === undefined ? {} : { producerVersion: options.producerVersion }),
  };
  const built = await buildEvidencePack(evidenceOptions, {
    defaultTemplate: 'incident_response',
    runpackData: runpack,
    incidentWindow: window,
    extraFiles: [jsonFile('policy_digests.json', { run_id: runpack.run.run_id, window_from: window.from, window_to: window.to, policy_digests: policyDigests })],
  });
  return {
    ...built,
    window,
    traceCount: traces.length,
    regressCount: regress.length,
    approvalAuditCount: audits.length,
    credentialEvidenceCount: credentials.length,
    policyDigests,
    warnings,
  };
}
