/** The error `fn` throws, for asserting on its fields; fails the test when nothing is thrown. */
export function thrown(fn: () => unknown): { code?: string; message: string; exitCode?: number; name?: string; details?: unknown } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a throw');
}
