import { InvalidInputError, VerificationError } from '@gait/core-errors';

/** A manifest that cannot be read as `gait.registry.pack` 1.0.0. */
export class RegistryManifestError extends InvalidInputError {}

/**
 * Every failure of an install (download, host, publisher, pin, signature) exits 2 in the
 * reference: an install is a verification, and a refused pack is a failed one.
 */
export class RegistryInstallError extends VerificationError {}
