import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderSummaryPdf, summaryPdfLines } from './summary-pdf.js';

const input = {
  runId: 'run_(tricky)\\one',
  caseId: 'INC-42',
  templateId: 'soc2',
  generatedAt: '2026-02-14T00:00:00Z',
  evidencePaths: Array.from({ length: 10 }, (_, i) => `evidence_${String(i).padStart(2, '0')}.json`),
};

const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

/** Text lines as a real PDF reader (Mozilla PDF.js) extracts them from the page. */
async function readLines(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: Uint8Array.from(pdf), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  expect(doc.numPages).toBe(1);
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const lines = new Map<number, string>();
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const y = Math.round(item.transform[5] as number);
    lines.set(y, (lines.get(y) ?? '') + item.str);
  }
  return [...lines.entries()].sort((a, b) => b[0] - a[0]).map(([, text]) => text);
}

describe('summary.pdf', () => {
  it('opens in a real PDF reader and shows every line, escapes included', async () => {
    const lines = await readLines(renderSummaryPdf(input));
    expect(lines).toEqual(summaryPdfLines(input));
    expect(lines[1]).toBe('Run ID: run_(tricky)\\one');
    expect(lines).toContain('Evidence Files: 10');
    expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(8);
  });

  it('is byte-deterministic and depends only on its lines', () => {
    expect(Buffer.from(renderSummaryPdf(input)).equals(Buffer.from(renderSummaryPdf({ ...input })))).toBe(true);
    expect(Buffer.from(renderSummaryPdf(input)).equals(Buffer.from(renderSummaryPdf({ ...input, caseId: 'INC-43' })))).toBe(false);
  });

  it('keeps a correct xref table (every offset points at its object)', () => {
    const pdf = Buffer.from(renderSummaryPdf(input)).toString('latin1');
    const xref = pdf.slice(pdf.indexOf('xref\n'));
    const offsets = [...xref.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
    expect(Number(/startxref\n(\d+)/.exec(pdf)![1])).toBe(pdf.indexOf('xref\n'));
  });
});
