import { defineCheck } from '../../src/engine/define.js';
import { OUTSIDE_SCAN_MESSAGE, outsideScanEvidence, trustChain } from '../../src/analysis/cognito.js';
import type { OutsideUserPoolEntity, UserPoolEntity } from '../../src/inventory/view.js';

export default defineCheck<UserPoolEntity | OutsideUserPoolEntity, 'active' | 'inactive' | 'outside-scan'>({
  id: 'cognito-deletion-protection',
  title: 'User pools that authorizers trust have deletion protection on',
  severity: 'low',
  resourceTypes: ['user-pool'],
  reads: ['rest-authorizers', 'v2-authorizers', 'user-pools'],
  rationale:
    'Deleting a user pool deletes its users, their passwords and MFA enrolments for good: there ' +
    'is no undo and no backup to restore, and every API whose authorizers trust the pool rejects ' +
    'all callers from that moment (a recreated pool has a new id, so the authorizers must be ' +
    'changed as well, and every user must sign up again). Deletion protection makes DeleteUserPool ' +
    'fail until someone first turns the protection off, which stops a mistaken clean-up script, ' +
    'a wrong Terraform plan or a compromised automation role from destroying the pool in one call. ' +
    'The console turns it on for new pools, but CreateUserPool (the CLI, SDKs and most ' +
    'infrastructure-as-code tools) leaves it off. A missing setting is taken as INACTIVE. A pool ' +
    'outside the scanned account is not applicable.',
  remediation: {
    text:
      'Set DeletionProtection to ACTIVE. UpdateUserPool resets every setting the request leaves ' +
      'out (except the tier) to its default, including MFA and threat protection, so pass the ' +
      'current configuration from describe-user-pool along with the change.',
    cli: 'aws cognito-idp update-user-pool --user-pool-id <user-pool-id> --deletion-protection ACTIVE <every-other-current-setting>',
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-deletion-protection.html',
  },
  mappings: {
    securityHub: ['Cognito.6'],
    awsConfig: ['cognito-user-pool-deletion-protection-enabled'],
    owaspApi2023: ['API8'],
  },
  messages: {
    active: 'Deletion protection is ACTIVE.',
    inactive: 'Deletion protection is {deletionProtection}: one DeleteUserPool call removes every user of the pool for good.',
    'outside-scan': OUTSIDE_SCAN_MESSAGE,
  },
  select: (view) => view.trustedUserPools(),
  evaluate: (entity, outcome) => {
    if (entity.kind === 'outside-user-pool') return outcome.notApplicable('outside-scan', outsideScanEvidence(entity));
    const { pool, trustedBy } = entity;
    const raw = pool.DeletionProtection;
    const state = raw?.trim().toUpperCase();
    if (state === 'ACTIVE') {
      return outcome.pass('active', { deletionProtection: state, chain: trustChain(pool, trustedBy, 'deletion protection is ACTIVE') });
    }
    const shown = raw === undefined ? 'INACTIVE (not set)' : raw;
    return outcome.fail('inactive', { deletionProtection: shown, chain: trustChain(pool, trustedBy, `deletion protection is ${shown}`) });
  },
});
