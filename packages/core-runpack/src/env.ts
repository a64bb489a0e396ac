import type { RunEnv } from './records.js';

const GO_OS: Record<string, string> = { win32: 'windows', darwin: 'darwin', linux: 'linux', freebsd: 'freebsd', openbsd: 'openbsd', aix: 'aix', sunos: 'solaris' };
const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

/**
 * The env a run gets when its producer leaves it empty. OS and architecture use Go's names
 * (`linux`/`amd64`) so runpacks from both implementations share one vocabulary; the runtime is
 * honestly `node` (the reference writes `go`), so default-env digests differ from Go's by design.
 */
export function defaultRunEnv(): RunEnv {
  return {
    os: GO_OS[process.platform] ?? process.platform,
    arch: GO_ARCH[process.arch] ?? process.arch,
    runtime: 'node',
  };
}
