import { closeSync, openSync, fsyncSync } from 'node:fs';
import { open } from 'node:fs/promises';

// A rename or a newly created file is only durable once its folder's entry is on disk. Some
// platforms and file systems refuse to open or fsync a folder; that is not worth failing a write
// that has already happened, so both helpers are best effort, like the reference's.

export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
