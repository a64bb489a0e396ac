import { InvalidInputError } from '@gait/core-errors';

/** A value does not match its schema. `details` carries the key and every failing path. */
export class SchemaValidationError extends InvalidInputError {}

/** A schema was asked for by a key that names no schema. */
export class UnknownSchemaError extends InvalidInputError {}
