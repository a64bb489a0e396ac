import type { Runpack } from '@gait/core-runpack';
import type { RegressFixture } from '../records.js';

export type GraderStatus = 'pass' | 'fail';
export type ContextConformance = 'none' | 'runtime_only' | 'semantic' | 'missing';

/** What one grader concludes about one fixture, before names and common details are added. */
export interface GraderOutcome {
  status: GraderStatus;
  reason_codes: string[];
  context_conformance?: ContextConformance;
  details: Record<string, unknown>;
}

/** Everything a grader may look at; runpacks are read once, on first use. */
export interface FixtureUnderTest {
  name: string;
  runId: string;
  fixture: RegressFixture;
  /** Fixture runpack path as printed (relative to the work dir when the config's was). */
  runpackPath: string;
  runpackFile: string;
  /** Fixture folder, as printed and on disk. */
  fixtureDir: string;
  fixtureDirFile: string;
  loadRunpack(): Promise<Runpack>;
  /** The candidate path as printed and its runpack; throws `CandidatePathError` for a bad path. */
  candidatePath(): string;
  loadCandidate(): Promise<Runpack>;
}

export interface GraderOptions {
  /** `--context-conformance`: every fixture must carry matching context evidence. */
  contextConformance: boolean;
  /** `--allow-context-runtime-drift`: retrieval-time-only context changes pass. */
  allowContextRuntimeDrift: boolean;
  /** The context grader runs: the flag was given or some fixture of the set sets a context field. */
  contextActive: boolean;
}

export interface Grader {
  readonly name: string;
  /** Whether the grader runs for this fixture (default: always). */
  applies?(subject: FixtureUnderTest, options: GraderOptions): boolean;
  grade(subject: FixtureUnderTest, options: GraderOptions): Promise<GraderOutcome>;
}

export function pass(details: Record<string, unknown>, reasonCodes: string[] = []): GraderOutcome {
  return { status: 'pass', reason_codes: reasonCodes, details };
}

export function fail(reasonCodes: string[], details: Record<string, unknown>): GraderOutcome {
  return { status: 'fail', reason_codes: reasonCodes, details };
}

/** A `candidate_runpack` that points outside the fixture folder or is otherwise unusable. */
export class CandidatePathError extends Error {}
