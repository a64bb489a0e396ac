/** `gait` in-process with captured output, through the CLI's public `runCli`. */
import { runCli } from '@gait/cli';

export async function runGait(argv: readonly string[], cwd: string, correlationId?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    correlationId,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  return { code, stdout, stderr };
}
