import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import { assessPasswordPolicy, OUTSIDE_SCAN_MESSAGE, outsideScanEvidence, trustChain } from '../../src/analysis/cognito.js';
import type { OutsideUserPoolEntity, UserPoolEntity } from '../../src/inventory/view.js';

// Defaults follow Security Hub control Cognito.3 (and its AWS Config rule), so a pool that
// passes there passes here; raise minLength (NIST SP 800-63B suggests 15 for single-factor
// passwords) to be stricter.
const options = z.object({
  minLength: z.number().int().min(6).max(99).default(8).describe('the shortest minimum password length accepted'),
  requireUppercase: z.boolean().default(true).describe('the policy must require an uppercase letter'),
  requireLowercase: z.boolean().default(true).describe('the policy must require a lowercase letter'),
  requireNumbers: z.boolean().default(true).describe('the policy must require a number'),
  requireSymbols: z.boolean().default(true).describe('the policy must require a symbol'),
  maxTemporaryPasswordValidityDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(7)
    .describe('the longest an administrator-set temporary password may stay valid, in days'),
  minPasswordHistorySize: z
    .number()
    .int()
    .min(0)
    .max(24)
    .default(0)
    .describe('how many previous passwords must be remembered and refused (needs the Essentials tier or higher)'),
});

export default defineCheck<UserPoolEntity | OutsideUserPoolEntity, 'meets' | 'weak' | 'outside-scan', typeof options>({
  id: 'cognito-password-policy',
  title: 'User pools that authorizers trust enforce a strong password policy',
  severity: 'medium',
  resourceTypes: ['user-pool'],
  reads: ['rest-authorizers', 'v2-authorizers', 'user-pools'],
  rationale:
    'Unless every user has a second factor, the password policy of a trusted user pool is what ' +
    'stands between a credential-stuffing or password-spraying run and tokens the API accepts. ' +
    'Short passwords without character requirements fall quickly to guessing, and temporary ' +
    'passwords that administrators hand out stay usable for as long as the policy allows, often ' +
    'in an email inbox. The thresholds default to those of Security Hub control Cognito.3: at ' +
    'least 8 characters, upper- and lowercase letters, numbers and symbols required, temporary ' +
    'passwords valid for at most 7 days; each can be changed (raise minLength to be stricter, ' +
    'require a password history on Essentials or Plus pools). Every requirement the policy ' +
    'misses is listed. A pool outside the scanned account is not applicable. A weak pool counts ' +
    'against every API whose authorizers trust it.',
  remediation: {
    text:
      'Strengthen the password policy. UpdateUserPool resets every setting the request leaves ' +
      'out to its default (MFA, threat protection, deletion protection, Lambda triggers …), so ' +
      'start from the output of describe-user-pool and change only the password policy.',
    cli: "aws cognito-idp update-user-pool --user-pool-id <user-pool-id> --policies 'PasswordPolicy={MinimumLength=12,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,RequireSymbols=true,TemporaryPasswordValidityDays=3}' <every-other-current-setting>",
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html',
  },
  mappings: {
    securityHub: ['Cognito.3'],
    awsConfig: ['cognito-user-pool-password-policy-check'],
    owaspApi2023: ['API2'],
  },
  options,
  messages: {
    meets:
      'The password policy meets the thresholds: at least {minimumLength} characters, temporary passwords valid {temporaryPasswordValidityDays} days.',
    weak: 'The password policy misses {failingCount} requirement(s): {failing}.',
    'outside-scan': OUTSIDE_SCAN_MESSAGE,
  },
  select: (view) => view.trustedUserPools(),
  evaluate: (entity, outcome, _view, thresholds) => {
    if (entity.kind === 'outside-user-pool') return outcome.notApplicable('outside-scan', outsideScanEvidence(entity));
    const { pool, trustedBy } = entity;
    const policy = pool.Policies?.PasswordPolicy;
    if (!policy) {
      return outcome.invalid('the user pool description has no password policy', {
        chain: trustChain(pool, trustedBy, 'the password policy is unknown'),
      });
    }
    const { policy: judged, failing } = assessPasswordPolicy(policy, thresholds);
    if (failing.length === 0) {
      return outcome.pass('meets', { ...judged, chain: trustChain(pool, trustedBy, 'the password policy meets the thresholds') });
    }
    return outcome.fail('weak', {
      ...judged,
      failingCount: failing.length,
      failing,
      chain: trustChain(pool, trustedBy, `weak password policy (${failing.join('; ')})`),
    });
  },
});
