import { createHash } from 'node:crypto';
import { catalogue, type SchemaEntry } from './catalogue.js';
import { renderSchemaText } from './render.js';

export interface SchemaFile {
  /** Path below the repository's `schemas/` folder, e.g. `v1/gate/intent_request.schema.json`. */
  readonly path: string;
  /** File content: 2-space JSON with a trailing newline. */
  readonly text: string;
}

/** The content of every published schema file, in catalogue order. */
export function schemaFiles(): SchemaFile[] {
  return (catalogue as readonly SchemaEntry[]).map((item) => ({
    path: `v1/${item.area}/${item.name}.schema.json`,
    text: renderSchemaText(item.schema),
  }));
}

/** SHA-256 over every schema file (path and text); the generated validators record it. */
export function schemaFilesDigest(files: readonly SchemaFile[] = schemaFiles()): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update('\0').update(file.text).update('\0');
  return hash.digest('hex');
}
