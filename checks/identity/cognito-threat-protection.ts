import { z } from 'zod';
import { defineCheck, type OutcomeBuilders } from '../../src/engine/define.js';
import { assessRisk, OUTSIDE_SCAN_MESSAGE, outsideScanEvidence, risksInForce, trustChain } from '../../src/analysis/cognito.js';
import type { UserPool, UserPoolRisk } from '../../src/inventory/schema.js';
import type { OutsideUserPoolEntity, UserPoolEntity } from '../../src/inventory/view.js';

type MessageId = 'enforced' | 'enforced-no-action' | 'audit-allowed' | 'audit-only' | 'off' | 'outside-scan';

const options = z.object({
  allowAudit: z
    .boolean()
    .default(false)
    .describe('accept AUDIT mode, which only reports risky sign-ins (Security Hub Cognito.1 SecurityMode AUDIT)'),
});

export default defineCheck<UserPoolEntity | OutsideUserPoolEntity, MessageId, typeof options>({
  id: 'cognito-threat-protection',
  title: 'User pools that authorizers trust enforce threat protection (full-function mode)',
  severity: 'medium',
  resourceTypes: ['user-pool'],
  reads: ['rest-authorizers', 'v2-authorizers', 'user-pools'],
  rationale:
    'Threat protection (formerly advanced security features) scores every sign-in for risk ' +
    '(new device, impossible travel, known-bad IP addresses) and checks passwords against ' +
    'credentials leaked elsewhere. In full-function mode (ENFORCED) it blocks risky sign-ins or ' +
    'demands MFA for them and refuses compromised passwords, which stops the credential stuffing ' +
    'and account takeover that end in valid tokens for the APIs trusting the pool, and the ' +
    'sign-up and sign-in floods that exhaust them, but only through the actions its risk ' +
    'configuration sets (DescribeRiskConfiguration). ENFORCED passes when every configuration in ' +
    'force (the pool\'s, and each app client\'s own, which replaces the pool\'s for that client) ' +
    'answers high-risk sign-ins with BLOCK, MFA_REQUIRED or MFA_IF_CONFIGURED, blocks ' +
    'compromised credentials at sign-in (an event filter left out means every event), and has no ' +
    'always-allow IP range covering every address; NO_ACTION, an action left unset or a sign-in ' +
    'left out of the filter fails (Cognito API reference: AccountTakeoverActionType, ' +
    'CompromisedCredentialsRiskConfigurationType, RiskExceptionConfigurationType). A risk ' +
    'configuration that could not be read is an error, never a pass. AUDIT mode only records the ' +
    'risk in metrics and logs: nothing is blocked, so it fails unless allowAudit is set. A missing ' +
    'setting is taken as OFF. Threat protection needs the Plus feature plan (UserPoolTier PLUS), ' +
    'which the evidence shows. A pool outside the scanned account is not applicable. A weak pool ' +
    'counts against every API whose authorizers trust it.',
  remediation: {
    text:
      'Move the pool to the Plus tier and set threat protection to full-function (ENFORCED), ' +
      'then set the actions: block or require MFA on high risk, block compromised credentials on ' +
      'sign-in (set-risk-configuration; with --client-id only for a client that needs its own). ' +
      'UpdateUserPool resets every setting the request leaves out (except the tier) to its ' +
      'default, so pass the current configuration from describe-user-pool along with the change.',
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
    enforced: 'Threat protection is in full-function mode (ENFORCED) and acts on risk: {responses}; tier {userPoolTier}.',
    'enforced-no-action': 'Threat protection is ENFORCED but does not protect sign-in: {problems}.',
    'audit-allowed': 'Threat protection is in audit-only mode (AUDIT), accepted by the allowAudit option; tier {userPoolTier}.',
    'audit-only': 'Threat protection is audit only (AUDIT): risky sign-ins and compromised passwords are logged, not blocked. {tierNote}',
    off: 'Threat protection is {advancedSecurityMode}: risky sign-ins and compromised passwords go unchecked. {tierNote}',
    'outside-scan': OUTSIDE_SCAN_MESSAGE,
  },
  select: (view) => view.trustedUserPools(),
  evaluate: (entity, outcome, _view, { allowAudit }) => {
    if (entity.kind === 'outside-user-pool') return outcome.notApplicable('outside-scan', outsideScanEvidence(entity));
    const { pool, trustedBy } = entity;
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
      const risk = pool.riskConfiguration;
      if (!risk) {
        return outcome.invalid('threat protection is ENFORCED but the snapshot has no risk configuration (DescribeRiskConfiguration)', {
          ...evidence,
          chain: trustChain(pool, trustedBy, 'threat protection is ENFORCED; its risk configuration is unknown'),
        });
      }
      if (!risk.ok) {
        return outcome.gap(risk.error, { ...evidence, chain: trustChain(pool, trustedBy, 'threat protection is ENFORCED; its risk configuration was not collected') });
      }
      return judgeEnforced(pool, risk.value, evidence, (finding) => trustChain(pool, trustedBy, finding), outcome);
    }
    if (mode === 'AUDIT') {
      const chain = trustChain(pool, trustedBy, 'threat protection is AUDIT (audit only)');
      return allowAudit ? outcome.pass('audit-allowed', { ...evidence, chain }) : outcome.fail('audit-only', { ...evidence, chain });
    }
    return outcome.fail('off', { ...evidence, chain: trustChain(pool, trustedBy, `threat protection is ${evidence.advancedSecurityMode}`) });
  },
});

/** ENFORCED: whether each risk configuration in force actually acts on risk. */
function judgeEnforced(
  pool: UserPool,
  risk: UserPoolRisk,
  evidence: Record<string, string>,
  chain: (finding: string) => string[],
  outcome: OutcomeBuilders<MessageId>,
) {
  const assessed = risksInForce(risk, pool.clients.ok ? pool.clients.value : []).map(assessRisk);
  const responses = assessed.map((a) => `${a.scope}: high risk ${a.highRiskAction}; compromised credentials ${a.compromisedCredentialsAction}`);
  const problems = assessed.flatMap((a) => a.problems.map((problem) => `${a.scope}: ${problem}`));
  // A proven gap in protection is reported even when another value cannot be read.
  if (problems.length) {
    return outcome.fail('enforced-no-action', {
      ...evidence,
      problems,
      responses,
      chain: chain(`threat protection is ENFORCED but takes no action (${problems.join('; ')})`),
    });
  }
  const invalid = assessed.find((a) => a.invalid);
  if (invalid) {
    return outcome.invalid(`${invalid.scope}: ${invalid.invalid}`, { ...evidence, chain: chain('threat protection is ENFORCED; its risk configuration cannot be judged') });
  }
  return outcome.pass('enforced', { ...evidence, responses, chain: chain('threat protection is ENFORCED') });
}
