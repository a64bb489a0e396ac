export { ExitCode, type ErrorCategory, exitCodeForCategory, envelopeDefaults } from './exit-codes.js';
export {
  GaitError,
  type GaitErrorOptions,
  InvalidInputError,
  VerificationError,
  IoError,
  ContentionError,
  DependencyMissingError,
  InternalError,
  isGaitError,
  exitCodeForError,
} from './errors.js';
export { withErrorEnvelope, stringifySorted } from './envelope.js';
