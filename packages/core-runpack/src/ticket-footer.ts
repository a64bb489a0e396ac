const FOOTER = /^GAIT run_id=([A-Za-z0-9_-]+) manifest=sha256:([a-f0-9]{64}) verify="gait verify ([A-Za-z0-9_-]+)"$/;

/** The one line a ticket or PR can carry to point back at a verifiable runpack. */
export function ticketFooter(runId: string, manifestDigest: string): string {
  return `GAIT run_id=${runId} manifest=sha256:${manifestDigest} verify="gait verify ${runId}"`;
}

/** The footer contract: well formed, lowercase digest, both run ids equal. */
export function isValidTicketFooter(footer: string): boolean {
  const match = FOOTER.exec(footer);
  return match !== null && match[1] === match[3];
}
