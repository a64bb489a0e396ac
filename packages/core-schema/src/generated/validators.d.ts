// Types of the generated validators.js (written by scripts/generate.mjs; this file is by hand).
import type { ErrorObject } from 'ajv';

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** SHA-256 of the schema files the validators were compiled from. */
export declare const schemasDigest: string;
/** Catalogue keys, in the order of the validators `createValidators` returns. */
export declare const keys: readonly string[];
export declare function createValidators(require: (id: string) => unknown): CompiledValidator[];
