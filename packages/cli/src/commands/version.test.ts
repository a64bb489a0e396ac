import { describe, expect, it } from 'vitest';
import { cliVersion } from '../version.js';
import { runCaptured } from '../testing/run-captured.js';

describe('gait version', () => {
  it('prints `gait <version>` for version, --version and -v, ignoring other arguments', async () => {
    for (const argv of [['version'], ['--version'], ['-v'], ['version', 'extra', '--bogus']]) {
      expect(await runCaptured(argv)).toEqual({ code: 0, stdout: `gait ${cliVersion}\n`, stderr: '' });
    }
  });

  it('prints {ok, version, correlation_id} under --json', async () => {
    const { code, stdout } = await runCaptured(['-v', '--json'], { correlationId: 'c' });
    expect(code).toBe(0);
    expect(stdout).toBe(`{"correlation_id":"c","ok":true,"version":"${cliVersion}"}\n`);
  });

  it('prints the explain sentence', async () => {
    expect((await runCaptured(['version', '--explain'])).stdout).toBe('Print the CLI version.\n');
  });

  it('reports a semver version', () => {
    expect(cliVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});
