export { writeFileAtomic, writeFileAtomicSync, type WriteFileAtomicOptions } from './atomic-write.js';
export { AtomicBatchWriter, type AtomicBatchWriterOptions, type WriterTransform } from './atomic-batch-writer.js';
export { appendLine, appendLineSync, type AppendLineOptions } from './append-line.js';
export {
  appendLineLocked,
  appendLineLockedSync,
  appendLockDefaults,
  type AppendLineLockedOptions,
} from './append-line-locked.js';
export { withFileLock, withFileLockSync, sessionLockProfiles, type LockOptions } from './lock/with-file-lock.js';
export { writeDeterministicZip, type ZipEntryInput } from './zip/write-zip.js';
export { readZipSafe, type SafeZipLimits, type SafeZipEntry } from './zip/read-zip.js';
export { goDeflate } from './zip/go-deflate.js';
export { crc32 } from './zip/crc32.js';
export { ZipError, type ZipErrorCode, type ZipErrorOptions } from './errors.js';
