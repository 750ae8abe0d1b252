import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import { mfaFactors, trustChain } from '../../src/inventory/cognito.js';
import type { UserPoolEntity } from '../../src/inventory/view.js';

type MessageId = 'required' | 'required-sms-only' | 'optional-allowed' | 'optional' | 'off';

const options = z.object({
  allowOptional: z
    .boolean()
    .default(false)
    .describe('accept MfaConfiguration OPTIONAL (each user decides whether to set up a second factor)'),
});

export default defineCheck<UserPoolEntity, MessageId, typeof options>({
  id: 'cognito-mfa',
  title: 'User pools that authorizers trust require multi-factor authentication',
  severity: 'high',
  resourceType: 'user-pool',
  rationale:
    'A Cognito authorizer (or a JWT authorizer whose issuer is a user pool) lets in whoever holds ' +
    'a token from the pool, so the API is exactly as hard to get into as a pool account. With MFA ' +
    'OFF a phished, reused or guessed password is enough to call every API that trusts the pool; ' +
    'with MFA OPTIONAL the same holds for every user who never set up a second factor, which in ' +
    'practice is most of them. Only ON makes every password sign-in ask for a second factor. ' +
    'Passing results list the factors GetUserPoolMfaConfig shows (TOTP, SMS, email, and WebAuthn ' +
    'passkeys set up as multi-factor); a pool whose only factor is SMS passes with a note, since ' +
    'SMS codes can be intercepted or SIM-swapped. Pools that deliberately keep MFA OPTIONAL and ' +
    'rely on threat protection to demand it on risky sign-ins (adaptive authentication) can set ' +
    'allowOptional. A weak pool counts against every API whose authorizers trust it.',
  remediation: {
    text:
      'Turn on a second factor (TOTP at least; email or SMS as a fallback) and set MFA to ON. ' +
      'SetUserPoolMfaConfig changes only the MFA settings, unlike UpdateUserPool.',
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
    optional: 'MFA is OPTIONAL: users who never set up a second factor sign in with a password alone.',
    off: 'MFA is OFF: every user signs in with a password alone.',
  },
  select: (view) => view.userPools(),
  evaluate: ({ pool, trustedBy }, outcome, _view, { allowOptional }) => {
    const mfa = pool.mfa;
    const raw = pool.MfaConfiguration ?? (mfa.ok ? mfa.value.MfaConfiguration : undefined);
    const mode = raw?.trim().toUpperCase();
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
    if (mode === 'OPTIONAL' && !allowOptional) {
      const adaptive = pool.UserPoolAddOns?.AdvancedSecurityMode === 'ENFORCED';
      return outcome.fail('optional', {
        mfaConfiguration: mode,
        ...known,
        ...(adaptive
          ? { note: 'threat protection is ENFORCED, so adaptive authentication can demand MFA on risky sign-ins; set allowOptional if that is the design' }
          : {}),
        chain: trustChain(pool, trustedBy, 'MFA is OPTIONAL (users may skip it)'),
      });
    }
    if (mode !== 'ON' && mode !== 'OPTIONAL') {
      return outcome.invalid(`MfaConfiguration '${raw}' is not OFF, OPTIONAL or ON`, { chain: trustChain(pool, trustedBy, `MFA is '${raw}'`) });
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
