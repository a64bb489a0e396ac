import { ZipError, type ZipErrorOptions } from '../errors.js';

/**
 * Refuses member names that could escape an extraction folder or that mean something different
 * on another platform: absolute paths (POSIX, UNC, drive letters), `..` segments (with either
 * slash), backslashes, NUL and other control characters, and the empty name. The reference only
 * ever reads members by name; we check anyway so that no caller can extract unsafely.
 */
export function checkEntryName(name: string, options: Pick<ZipErrorOptions, 'category'> = {}): void {
  const fail = (code: 'zip_absolute_path' | 'zip_path_traversal' | 'zip_invalid_name', why: string): never => {
    throw new ZipError(code, `zip entry name ${JSON.stringify(name)} ${why}`, { ...options, details: { entry: name } });
  };
  if (name === '') fail('zip_invalid_name', 'is empty');
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) {
    fail('zip_absolute_path', 'is absolute; expected a relative path with "/" separators');
  }
  if (name.split(/[/\\]/).includes('..')) fail('zip_path_traversal', 'contains a ".." segment');
  if (name.includes('\\')) fail('zip_invalid_name', 'contains a backslash; expected "/" separators');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) fail('zip_invalid_name', 'contains a control character');
  if (/[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    fail('zip_invalid_name', 'contains a lone UTF-16 surrogate');
  }
}
