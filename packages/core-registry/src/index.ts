// Manifests
export { parseRegistryManifest, manifestDigest, manifestSignable, type RegistryManifest, type RegistryArtifact } from './manifest.js';
export { verifyManifestSignatures, signManifest } from './signatures.js';
export { RegistryManifestError, RegistryInstallError } from './errors.js';

// Install, list, verify
export { installPack, checkPublisher, type InstallOptions, type InstallResult } from './install.js';
export { downloadManifest, checkRemoteSource, isRemoteSource, MAX_MANIFEST_BYTES, DOWNLOAD_TIMEOUT_MS, type RemoteFetchOptions } from './fetch.js';
export { listInstalled, resolveCacheDir, parsePinDigest, pinPath, metadataPath, type InstalledPack } from './cache.js';
export { verifyInstalledPack, verificationReport, type VerifyPackOptions, type VerifyPackResult } from './verify.js';
