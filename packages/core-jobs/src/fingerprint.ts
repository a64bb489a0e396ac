import { createHash } from 'node:crypto';

export interface FingerprintHost {
  readonly arch: string;
  readonly platform: string;
  readonly runtimeVersion: string;
  readonly shell: string;
}

/** Node's names for CPU and OS, mapped to the Go names the reference hashes. */
const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' };
const GO_OS: Record<string, string> = { win32: 'windows', darwin: 'darwin', linux: 'linux', freebsd: 'freebsd', openbsd: 'openbsd' };

/** This host's CPU and OS in Go's spelling (`amd64`, `linux`), as the reference's records carry them. */
export function goPlatform(arch: string = process.arch, platform: string = process.platform): { os: string; arch: string } {
  return { os: GO_OS[platform] ?? platform, arch: GO_ARCH[arch] ?? arch };
}

export function currentFingerprintHost(env: NodeJS.ProcessEnv = process.env): FingerprintHost {
  return {
    arch: process.arch,
    platform: process.platform,
    runtimeVersion: `node${process.versions.node}`,
    shell: env.SHELL ?? '',
  };
}

/**
 * The environment a job was started in, as `envfp:<sha256>` over the sorted `key=value` parts
 * joined by `|` (the reference's formula). The part names stay the reference's (`goarch`, `goos`,
 * `goversion`, `shell`) with Go's spelling of CPU and OS, so only the runtime version differs
 * from a Go host's: a job moved between a Go and a Node runtime is, rightly, a different
 * environment and needs `--allow-env-mismatch` to resume.
 */
export function environmentFingerprint(host: FingerprintHost = currentFingerprintHost()): string {
  const go = goPlatform(host.arch, host.platform);
  const parts = [
    `goarch=${go.arch}`,
    `goos=${go.os}`,
    `goversion=${host.runtimeVersion}`,
    `shell=${host.shell}`,
  ].sort();
  return `envfp:${createHash('sha256').update(parts.join('|')).digest('hex')}`;
}
