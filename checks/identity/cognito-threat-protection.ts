import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import { trustChain } from '../../src/inventory/cognito.js';
import type { UserPoolEntity } from '../../src/inventory/view.js';

type MessageId = 'enforced' | 'audit-allowed' | 'audit-only' | 'off';

const options = z.object({
  allowAudit: z
    .boolean()
    .default(false)
    .describe('accept AUDIT mode, which only reports risky sign-ins (Security Hub Cognito.1 SecurityMode AUDIT)'),
});

export default defineCheck<UserPoolEntity, MessageId, typeof options>({
  id: 'cognito-threat-protection',
  title: 'User pools that authorizers trust enforce threat protection (full-function mode)',
  severity: 'medium',
  resourceType: 'user-pool',
  rationale:
    'Threat protection (formerly advanced security features) scores every sign-in for risk ' +
    '(new device, impossible travel, known-bad IP addresses) and checks passwords against ' +
    'credentials leaked elsewhere. In full-function mode (ENFORCED) it blocks risky sign-ins or ' +
    'demands MFA for them and refuses compromised passwords, which stops the credential stuffing ' +
    'and account takeover that end in valid tokens for the APIs trusting the pool, and the ' +
    'sign-up and sign-in floods that exhaust them. AUDIT mode only records the risk in metrics ' +
    'and logs: nothing is blocked, so it fails unless allowAudit is set. A missing setting is ' +
    'taken as OFF. Threat protection needs the Plus feature plan (UserPoolTier PLUS), which the ' +
    'evidence shows. A weak pool counts against every API whose authorizers trust it.',
  remediation: {
    text:
      'Move the pool to the Plus tier and set threat protection to full-function (ENFORCED), ' +
      'then choose the actions per risk level. UpdateUserPool resets every setting the request ' +
      'leaves out (except the tier) to its default, so pass the current configuration from ' +
      'describe-user-pool along with the change.',
    cli: 'aws cognito-idp update-user-pool --user-pool-id <user-pool-id> --user-pool-tier PLUS --user-pool-add-ons AdvancedSecurityMode=ENFORCED <every-other-current-setting>',
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html',
  },
  mappings: {
    securityHub: ['Cognito.1'],
    awsConfig: ['cognito-user-pool-advanced-security-enabled'],
    owaspApi2023: ['API2', 'API4'],
  },
  options,
  messages: {
    enforced: 'Threat protection is in full-function mode (ENFORCED); tier {userPoolTier}.',
    'audit-allowed': 'Threat protection is in audit-only mode (AUDIT), accepted by the allowAudit option; tier {userPoolTier}.',
    'audit-only': 'Threat protection is audit only (AUDIT): risky sign-ins and compromised passwords are logged, not blocked. {tierNote}',
    off: 'Threat protection is {advancedSecurityMode}: risky sign-ins and compromised passwords go unchecked. {tierNote}',
  },
  select: (view) => view.userPools(),
  evaluate: ({ pool, trustedBy }, outcome, _view, { allowAudit }) => {
    const raw = pool.UserPoolAddOns?.AdvancedSecurityMode;
    const mode = raw?.trim().toUpperCase() ?? 'OFF';
    const tier = pool.UserPoolTier?.trim().toUpperCase();
    const evidence = {
      advancedSecurityMode: raw === undefined ? 'OFF (not set)' : mode,
      userPoolTier: tier ?? 'not reported',
      tierNote:
        tier === 'PLUS'
          ? 'The pool is on the Plus tier, which threat protection needs.'
          : `Threat protection needs the Plus tier; the pool is on ${tier ?? 'an unreported tier (ESSENTIALS by default)'}.`,
    };
    if (mode === 'ENFORCED') {
      return outcome.pass('enforced', { ...evidence, chain: trustChain(pool, trustedBy, 'threat protection is ENFORCED') });
    }
    if (mode === 'AUDIT') {
      const chain = trustChain(pool, trustedBy, 'threat protection is AUDIT (audit only)');
      return allowAudit ? outcome.pass('audit-allowed', { ...evidence, chain }) : outcome.fail('audit-only', { ...evidence, chain });
    }
    return outcome.fail('off', { ...evidence, chain: trustChain(pool, trustedBy, `threat protection is ${evidence.advancedSecurityMode}`) });
  },
});
