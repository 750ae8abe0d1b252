import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import {
  adaptiveAuthentication,
  firstAuthFactors,
  mfaFactors,
  OUTSIDE_SCAN_MESSAGE,
  outsideScanEvidence,
  trustChain,
} from '../../src/analysis/cognito.js';
import type { OutsideUserPoolEntity, UserPoolEntity } from '../../src/inventory/view.js';

type MessageId =
  | 'required'
  | 'required-sms-only'
  | 'optional-allowed'
  | 'optional-adaptive'
  | 'optional'
  | 'off'
  | 'not-password-only'
  | 'outside-scan';

const options = z.object({
  allowOptional: z
    .boolean()
    .default(false)
    .describe('accept MfaConfiguration OPTIONAL whatever threat protection does (each user decides whether to set up a second factor)'),
});

export default defineCheck<UserPoolEntity | OutsideUserPoolEntity, MessageId, typeof options>({
  id: 'cognito-mfa',
  title: 'User pools that authorizers trust require multi-factor authentication (or adaptive authentication)',
  severity: 'high',
  resourceTypes: ['user-pool'],
  reads: ['rest-authorizers', 'v2-authorizers', 'user-pools'],
  rationale:
    'A Cognito authorizer (or a JWT authorizer whose issuer is a user pool) lets in whoever holds ' +
    'a token from the pool, so the API is exactly as hard to get into as a pool account. With MFA ' +
    'OFF a phished, reused or guessed password is enough to call every API that trusts the pool; ' +
    'with MFA OPTIONAL the same holds for every user who never set up a second factor, unless ' +
    'threat protection steps in. ON passes. OPTIONAL passes as adaptive authentication when ' +
    'threat protection is ENFORCED and every risk configuration in force (the pool\'s and each app ' +
    'client\'s own) answers high-risk sign-ins with BLOCK, MFA_REQUIRED or MFA_IF_CONFIGURED: the ' +
    'Cognito API reference (SetUserPoolMfaConfig) says "For user pools with adaptive ' +
    'authentication with threat protection, choose OPTIONAL"; AUDIT mode or NO_ACTION on high ' +
    'risk adapts nothing and fails, and a risk configuration that was not collected is an error. ' +
    'Like the AWS Config rule behind Security Hub Cognito.5 (cognito-user-pool-mfa-enabled), only ' +
    'pools whose sign-in policy is password-only are judged: MFA adds a factor to password ' +
    'sign-in, and required MFA cannot be combined with passwordless first factors (email or SMS ' +
    'one-time passwords, passkeys), so pools that offer those are not applicable. Passing results ' +
    'list the factors GetUserPoolMfaConfig shows (TOTP, SMS, email, and WebAuthn passkeys set up ' +
    'as multi-factor); a pool whose only factor is SMS passes with a note, since SMS codes can be ' +
    'intercepted or SIM-swapped. allowOptional accepts OPTIONAL outright. A pool outside the ' +
    'scanned account is not applicable. A weak pool counts against every API whose authorizers trust it.',
  remediation: {
    text:
      'Turn on a second factor (TOTP at least; email or SMS as a fallback) and set MFA to ON; or, ' +
      'on the Plus tier, keep OPTIONAL with threat protection ENFORCED and high-risk sign-ins ' +
      'blocked or challenged for MFA (set-risk-configuration). SetUserPoolMfaConfig changes only ' +
      'the MFA settings, unlike UpdateUserPool.',
    cli: 'aws cognito-idp set-user-pool-mfa-config --user-pool-id <user-pool-id> --software-token-mfa-configuration Enabled=true --mfa-configuration ON',
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html',
  },
  mappings: {
    securityHub: ['Cognito.5'],
    awsConfig: ['cognito-user-pool-mfa-enabled'],
    owaspApi2023: ['API2'],
  },
  options,
  messages: {
    required: 'MFA is required for every user; second factors: {factors}.',
    'required-sms-only': 'MFA is required, but SMS is the only second factor: {note}.',
    'optional-allowed': 'MFA is OPTIONAL, accepted by the allowOptional option; second factors: {factors}.',
    'optional-adaptive':
      'MFA is OPTIONAL with adaptive authentication: threat protection blocks or challenges high-risk sign-ins ({highRiskActions}); second factors: {factors}.',
    optional: 'MFA is OPTIONAL: users who never set up a second factor sign in with a password alone.',
    off: 'MFA is OFF: every user signs in with a password alone.',
    'not-password-only':
      'Not judged: sign-in also allows passwordless first factors ({firstFactors}), which required MFA would shut out; Cognito.5 judges password-only pools. MFA is {mfaConfiguration}.',
    'outside-scan': OUTSIDE_SCAN_MESSAGE,
  },
  select: (view) => view.trustedUserPools(),
  evaluate: (entity, outcome, _view, { allowOptional }) => {
    if (entity.kind === 'outside-user-pool') return outcome.notApplicable('outside-scan', outsideScanEvidence(entity));
    const { pool, trustedBy } = entity;
    const mfa = pool.mfa;
    const raw = pool.MfaConfiguration ?? (mfa.ok ? mfa.value.MfaConfiguration : undefined);
    const mode = raw?.trim().toUpperCase();
    const firstFactors = firstAuthFactors(pool);
    if (firstFactors.some((factor) => factor !== 'PASSWORD')) {
      return outcome.notApplicable('not-password-only', {
        firstFactors,
        mfaConfiguration: mode ?? 'not reported',
        chain: trustChain(pool, trustedBy, `sign-in allows ${firstFactors.join(', ')}; not a password-only pool`),
      });
    }
    if (!mode) {
      const chain = trustChain(pool, trustedBy, 'the MFA setting is unknown');
      return mfa.ok ? outcome.invalid('the user pool reports no MfaConfiguration', { chain }) : outcome.gap(mfa.error, { chain });
    }
    const factors = mfa.ok ? mfaFactors(mfa.value) : undefined;
    const notCollected = mfa.ok ? {} : { factors: 'not collected (GetUserPoolMfaConfig failed)' };
    const known = factors ? { factors } : notCollected;
    if (mode === 'OFF') {
      return outcome.fail('off', { mfaConfiguration: mode, ...known, chain: trustChain(pool, trustedBy, 'MFA is OFF') });
    }
    if (mode !== 'ON' && mode !== 'OPTIONAL') {
      return outcome.invalid(`MfaConfiguration '${raw}' is not OFF, OPTIONAL or ON`, { chain: trustChain(pool, trustedBy, `MFA is '${raw}'`) });
    }
    let highRiskActions: string[] | undefined;
    if (mode === 'OPTIONAL' && !allowOptional) {
      const adaptive = adaptiveAuthentication(pool);
      const failOptional = (note?: string) =>
        outcome.fail('optional', {
          mfaConfiguration: mode,
          ...known,
          ...(note ? { note } : {}),
          chain: trustChain(pool, trustedBy, 'MFA is OPTIONAL (users may skip it)'),
        });
      switch (adaptive.kind) {
        case 'not-enforced':
          return failOptional(adaptive.mode === 'AUDIT' ? 'threat protection is AUDIT, which logs risky sign-ins without challenging them' : undefined);
        case 'weak':
          return failOptional(`threat protection is ENFORCED but does not demand MFA or block high-risk sign-ins (${adaptive.actions.join('; ')})`);
        case 'not-collected': {
          const chain = trustChain(pool, trustedBy, 'MFA is OPTIONAL; whether threat protection adapts is unknown');
          return adaptive.error
            ? outcome.gap(adaptive.error, { mfaConfiguration: mode, chain })
            : outcome.invalid('MFA is OPTIONAL with threat protection ENFORCED, but the snapshot has no risk configuration', { mfaConfiguration: mode, chain });
        }
        case 'invalid':
          return outcome.invalid(adaptive.reason, { mfaConfiguration: mode, chain: trustChain(pool, trustedBy, 'MFA is OPTIONAL; threat protection cannot be judged') });
        case 'adaptive':
          highRiskActions = adaptive.actions;
      }
    }
    // A pass names the factors, so it needs them.
    if (!mfa.ok) {
      return outcome.gap(mfa.error, { mfaConfiguration: mode, chain: trustChain(pool, trustedBy, `MFA is ${mode}; its factors were not collected`) });
    }
    const offered = factors ?? [];
    if (offered.length === 0) {
      return outcome.invalid(`MFA is ${mode} but GetUserPoolMfaConfig shows no second factor`, {
        mfaConfiguration: mode,
        chain: trustChain(pool, trustedBy, `MFA is ${mode} with no factor shown`),
      });
    }
    const label = `MFA is ${mode} (${offered.join(', ')})`;
    if (highRiskActions) {
      return outcome.pass('optional-adaptive', {
        mfaConfiguration: mode,
        factors: offered,
        highRiskActions,
        chain: trustChain(pool, trustedBy, `MFA is OPTIONAL with adaptive authentication (high risk: ${highRiskActions.map((a) => a.replace(': ', ' ')).join(', ')})`),
      });
    }
    if (mode === 'OPTIONAL') {
      return outcome.pass('optional-allowed', { mfaConfiguration: mode, factors: offered, chain: trustChain(pool, trustedBy, label) });
    }
    if (offered.length === 1 && offered[0] === 'SMS') {
      return outcome.pass('required-sms-only', {
        mfaConfiguration: mode,
        factors: offered,
        note: 'SMS codes can be intercepted or SIM-swapped; offer TOTP, passkeys or email as well',
        chain: trustChain(pool, trustedBy, `${label}, SMS only`),
      });
    }
    return outcome.pass('required', { mfaConfiguration: mode, factors: offered, chain: trustChain(pool, trustedBy, label) });
  },
});
