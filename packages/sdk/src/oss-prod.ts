/** The `oss-prod` profile's checks that do not depend on the intent (gate.md, `gate eval --profile oss-prod`). */
import { InvalidInputError } from '@gait/core-errors';
import type { Policy } from '@gait/core-gate';
import type { ResolvedKeys } from './keys.js';

export function checkOssProd(policy: Policy, keys: ResolvedKeys): void {
  if (keys.keyMode !== 'prod' || !keys.signing) {
    throw new InvalidInputError('oss-prod profile requires keys.keyMode "prod" and keys.privateKey', { code: 'oss_prod_key_required' });
  }
  if (policy.default_verdict === 'allow') {
    throw new InvalidInputError('oss-prod profile rejects policy default_verdict=allow; use default_verdict: block or require_approval', { code: 'oss_prod_policy' });
  }
  const highRisk = policy.rules.filter((r) => r.effect !== 'block' && (r.match.risk_classes.includes('high') || r.match.risk_classes.includes('critical')));
  if (highRisk.length > 0) {
    // Such rules need a broker-issued credential, and the SDK does not configure a credential broker.
    throw new InvalidInputError(
      'oss-prod profile requires high-risk allow/approval rules to use a credential broker, which the SDK does not configure; use `gait gate eval --credential-broker` for those policies',
      { code: 'oss_prod_policy' },
    );
  }
}
