import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import { assessClient, OUTSIDE_SCAN_MESSAGE, outsideScanEvidence, trustChain } from '../../src/analysis/cognito.js';
import type { OutsideUserPoolEntity, UserPoolEntity } from '../../src/inventory/view.js';

type MessageId = 'clients-hardened' | 'clients-weak' | 'no-clients' | 'outside-scan';

const options = z.object({
  maxTokenValidityMinutes: z
    .number()
    .int()
    .min(5)
    .max(1440)
    .default(60)
    .describe('the longest an access or ID token may stay valid, in minutes'),
});

export default defineCheck<UserPoolEntity | OutsideUserPoolEntity, MessageId, typeof options>({
  id: 'cognito-client-auth-flows',
  title: 'App clients of trusted user pools use SRP, hide user existence, revoke tokens and keep tokens short-lived',
  severity: 'high',
  resourceTypes: ['user-pool'],
  reads: ['rest-authorizers', 'v2-authorizers', 'user-pools'],
  rationale:
    'The app clients of a user pool decide how users obtain the tokens the APIs accept. ' +
    'ALLOW_USER_PASSWORD_AUTH (legacy USER_PASSWORD_AUTH) sends the password itself to Cognito ' +
    'instead of an SRP proof, so it is exposed to anything that logs or intercepts the request, ' +
    'and it makes password spraying a plain HTTP loop. With PreventUserExistenceErrors LEGACY ' +
    'sign-in and password-reset errors tell an attacker which usernames exist. Without token ' +
    'revocation a signed-out or compromised session keeps its refresh token. And access and ID ' +
    'tokens cannot be recalled once issued: API Gateway accepts a stolen token until it expires, ' +
    'so lifetimes above maxTokenValidityMinutes (60 by default; a unit left out means hours, a ' +
    'validity left out means 60 minutes) widen that window up to a day. Every app client of the ' +
    'pool is judged and each failing setting is listed per client; a pool without app clients is ' +
    'not applicable, and so is a pool outside the scanned account. A weak pool counts against every ' +
    'API whose authorizers trust it.',
  remediation: {
    text:
      'For each failing app client: drop ALLOW_USER_PASSWORD_AUTH in favour of ALLOW_USER_SRP_AUTH ' +
      '(or choice-based ALLOW_USER_AUTH), set PreventUserExistenceErrors to ENABLED, enable token ' +
      'revocation and shorten access and ID tokens. UpdateUserPoolClient resets every setting the ' +
      'request leaves out (callback URLs, OAuth flows and scopes …), so start from ' +
      'describe-user-pool-client and change only these.',
    cli: 'aws cognito-idp update-user-pool-client --user-pool-id <user-pool-id> --client-id <client-id> --explicit-auth-flows ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH --prevent-user-existence-errors ENABLED --enable-token-revocation --access-token-validity 60 --id-token-validity 60 --token-validity-units AccessToken=minutes,IdToken=minutes,RefreshToken=days <every-other-current-setting>',
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html',
  },
  mappings: {
    owaspApi2023: ['API2'],
  },
  options,
  messages: {
    'clients-hardened':
      'All {clientCount} app client(s) use SRP, hide user existence, revoke tokens and keep tokens within {maxTokenValidityMinutes} minutes: {clientNames}.',
    'clients-weak': '{failingCount} of {clientCount} app client(s) are weak: {problems}.',
    'no-clients': 'The user pool has no app clients.',
    'outside-scan': OUTSIDE_SCAN_MESSAGE,
  },
  select: (view) => view.trustedUserPools(),
  evaluate: (entity, outcome, _view, { maxTokenValidityMinutes }) => {
    if (entity.kind === 'outside-user-pool') return outcome.notApplicable('outside-scan', outsideScanEvidence(entity));
    const { pool, trustedBy } = entity;
    const clients = pool.clients;
    if (!clients.ok) {
      return outcome.gap(clients.error, { chain: trustChain(pool, trustedBy, 'the app clients were not collected') });
    }
    if (clients.value.length === 0) {
      return outcome.notApplicable('no-clients', { clientCount: 0, chain: trustChain(pool, trustedBy, 'no app clients') });
    }
    const assessed = clients.value.map((client) => assessClient(client, maxTokenValidityMinutes));
    const evidence = { clientCount: assessed.length, maxTokenValidityMinutes };
    const failing = assessed.filter((a) => a.problems.length > 0);
    // A proven weakness is reported even when another client's settings cannot be read.
    if (failing.length) {
      const invalid = assessed.filter((a) => a.invalid);
      return outcome.fail('clients-weak', {
        ...evidence,
        failingCount: failing.length,
        problems: failing.map((a) => `${a.client}: ${a.problems.join('; ')}`),
        clients: failing.map(({ client, problems }) => ({ client, problems })),
        ...(invalid.length ? { unreadable: invalid.map((a) => `${a.client}: ${a.invalid}`) } : {}),
        chain: trustChain(pool, trustedBy, `${failing.length} of ${assessed.length} app client(s) weak (${failing.map((a) => a.client).join(', ')})`),
      });
    }
    const invalid = assessed.find((a) => a.invalid);
    if (invalid) {
      return outcome.invalid(`app client ${invalid.client}: ${invalid.invalid}`, {
        ...evidence,
        chain: trustChain(pool, trustedBy, `app client ${invalid.client} cannot be judged`),
      });
    }
    return outcome.pass('clients-hardened', {
      ...evidence,
      clientNames: assessed.map((a) => a.client),
      tokenMinutes: assessed.map(({ client, accessTokenMinutes, idTokenMinutes }) => ({ client, access: accessTokenMinutes, id: idTokenMinutes })),
      chain: trustChain(pool, trustedBy, `all ${assessed.length} app client(s) hardened`),
    });
  },
});
