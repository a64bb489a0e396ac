/**
 * The gate's verdicts by call shape. Evaluation reads everything in an intent but its args (core-gate
 * tests that its outcome does not change with them), and the forwarding proxy builds every other
 * part of a call's intent from the tool name, the session and the tool's annotations, the rest
 * being the same for every call of a gate. So a verdict holds for every later call of the same
 * shape, and a known shape is forwarded on its remembered verdict once its args pass the checks
 * normalization would make. The full decision is still evaluated for its trace, after the call
 * has gone on, and a verdict that comes out differently closes the gate (`CallGate.judge`).
 * `CallGate` keeps only `allow` verdicts, in `async` trace mode: only there does a call go on
 * before its decision is recorded.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** Beyond this many shapes the memo starts again (a gate sees a handful of tools per session). */
const MAX_SHAPES = 4096;
/** Longer tool names are judged every time: the memo's size stays bounded (4096 short keys). */
const MAX_NAME_LENGTH = 256;

export class VerdictMemo {
  private readonly verdicts = new Map<string, string>();
  /** Each annotations object seen gets a number: a new `tools/list` answer makes new shapes. */
  private readonly annotationIds = new WeakMap<object, number>();
  private nextAnnotationId = 1;

  /** The shape's key, or undefined for a call not to remember (a very long tool name or session id). */
  shapeOf(tool: string, sessionId: string, annotations: Tool['annotations'] | undefined): string | undefined {
    if (tool.length > MAX_NAME_LENGTH || sessionId.length > MAX_NAME_LENGTH) return undefined;
    let id = 0;
    if (annotations) {
      id = this.annotationIds.get(annotations) ?? 0;
      if (id === 0) this.annotationIds.set(annotations, (id = this.nextAnnotationId++));
    }
    // Session ids hold no NUL (header values cannot) and the tool name comes last: shapes never collide.
    return `${id}\u0000${sessionId}\u0000${tool}`;
  }

  get(shape: string): string | undefined {
    return this.verdicts.get(shape);
  }

  set(shape: string, verdict: string): void {
    if (this.verdicts.size >= MAX_SHAPES) this.verdicts.clear();
    this.verdicts.set(shape, verdict);
  }
}
