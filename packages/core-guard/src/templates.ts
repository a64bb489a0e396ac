/**
 * Control templates: which evidence files back which audit control. A control lists every pack
 * file whose entry type is one of its types or whose path contains one of its match strings.
 *
 * The reference's table (core/guard/template.go) is not in the spec; the ids and titles of soc2
 * and incident_response, and which files each control lists, are taken from the reference's own
 * packs (artifacts.md §11.2 E and the Go-made packs). Matching for files those packs do not hold
 * (inventory, regress, credential evidence, summary.pdf) follows from the types below.
 */
import { type GuardContent, type GuardContentType, type GuardControl } from './manifest.js';
import { compareBytes } from './go-strings.js';

export type TemplateId = 'soc2' | 'pci' | 'incident_response';

interface ControlRule {
  readonly control_id: string;
  readonly title: string;
  readonly types: readonly GuardContentType[];
  readonly match: readonly string[];
}

const templates: Record<TemplateId, readonly ControlRule[]> = {
  soc2: [
    { control_id: 'CC6.6', title: 'Change Management Evidence', types: ['evidence', 'trace'], match: [] },
    { control_id: 'CC7.2', title: 'Operational Monitoring', types: ['trace'], match: ['regress'] },
    { control_id: 'CC8.1', title: 'Incident Evidence Integrity', types: ['runpack', 'evidence'], match: [] },
  ],
  pci: [
    { control_id: 'PCI-10', title: 'Audit Trail Integrity', types: ['trace', 'runpack'], match: [] },
    { control_id: 'PCI-7', title: 'Access Control Evidence', types: ['evidence'], match: [] },
    { control_id: 'PCI-12', title: 'Incident Response Evidence', types: ['report'], match: ['regress'] },
  ],
  incident_response: [
    { control_id: 'IR-CHAIN', title: 'Reconstruction Chain', types: ['runpack', 'evidence', 'trace'], match: [] },
    { control_id: 'IR-ROOTCAUSE', title: 'Root Cause and Regression', types: [], match: ['policy_digests', 'regress'] },
  ],
};

/** `soc2`, `pci` or `incident_response` (trimmed, any case); anything else is `incident_response`, as in the reference. */
export function resolveTemplate(id: string | undefined, fallback: TemplateId): TemplateId {
  const value = (id ?? '').trim().toLowerCase();
  if (value === '') return fallback;
  return value === 'soc2' || value === 'pci' ? value : 'incident_response';
}

/** The control index of a template over the pack's contents; each path list byte-sorted, `[]` when empty. */
export function buildControlIndex(template: TemplateId, contents: readonly GuardContent[]): GuardControl[] {
  return templates[template].map((rule) => ({
    control_id: rule.control_id,
    title: rule.title,
    evidence_paths: contents
      .filter((c) => (rule.types as readonly string[]).includes(c.type) || rule.match.some((m) => c.path.includes(m)))
      .map((c) => c.path)
      .sort(compareBytes),
  }));
}
