export type CheckStatus = 'pass' | 'warn' | 'fail';
export type CheckScope = 'universal' | 'repo_checkout' | 'production_readiness';

/** One doctor finding, in the reference's shape. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly fix_command?: string;
  readonly non_fixable?: boolean;
  readonly scope: CheckScope;
}

export const pass = (name: string, scope: CheckScope, message: string): DoctorCheck => ({ name, status: 'pass', message, scope });
export const warn = (name: string, scope: CheckScope, message: string, fix?: string): DoctorCheck => ({
  name,
  status: 'warn',
  message,
  scope,
  ...(fix === undefined ? {} : { fix_command: fix }),
});
export const fail = (name: string, scope: CheckScope, message: string, fix?: string): DoctorCheck => ({
  name,
  status: 'fail',
  message,
  scope,
  ...(fix === undefined ? {} : { fix_command: fix }),
});

/** Single-quotes a path for a POSIX shell, as the reference's fix commands do (`'\''` for a quote). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
