/**
 * `summary.pdf`: a one-page PDF 1.4 built by hand so its bytes depend only on its lines (no
 * producer stamp, no dates, no ids), which keeps the pack's digests reproducible. Five objects:
 * catalog, pages, page, content stream and the Helvetica font; byte offsets in a classic xref.
 */

export interface SummaryPdfInput {
  readonly runId: string;
  readonly caseId: string;
  readonly templateId: string;
  /** RFC3339 time the pack was generated (the run's creation time). */
  readonly generatedAt: string;
  /** Evidence file paths written before the control index (the count covers all of them). */
  readonly evidencePaths: readonly string[];
}

/** At most this many evidence paths are listed on the page; the count line still covers all. */
const maxListedPaths = 8;

export function summaryPdfLines(input: SummaryPdfInput): string[] {
  return [
    'Gait Evidence Pack Summary',
    `Run ID: ${input.runId}`,
    `Case ID: ${input.caseId}`,
    `Template: ${input.templateId}`,
    `Generated: ${input.generatedAt}`,
    `Evidence Files: ${input.evidencePaths.length}`,
    ...input.evidencePaths.slice(0, maxListedPaths).map((path) => `- ${path}`),
  ];
}

/** PDF string literal escaping for the three characters that would end or break `( … )`. */
function escapePdfText(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('(', '\\(').replaceAll(')', '\\)');
}

export function renderSummaryPdf(input: SummaryPdfInput): Uint8Array {
  const lines = summaryPdfLines(input);
  const stream = ['BT', '/F1 10 Tf', '50 760 Td', ...lines.flatMap((line, i) => [...(i > 0 ? ['0 -14 Td'] : []), `(${escapePdfText(line)}) Tj`]), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'utf8')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'utf8'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'utf8');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  // UTF-8 bytes, as the reference writes them: ASCII (all ids and paths Gait makes) shows as is.
  return Buffer.from(body, 'utf8');
}
