import { defineCheck } from '../../src/engine/define.js';
import { redactUri } from '../../src/util/redact.js';
import { httpApis, isHttpsUrl } from '../../src/analysis/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

export default defineCheck<V2ApiEntity, 'valid' | 'misconfigured' | 'no-jwt-authorizers'>({
  id: 'http-jwt-authorizer',
  title: 'HTTP API JWT authorizers name an https issuer and at least one audience',
  severity: 'high',
  resourceTypes: ['http-api'],
  reads: ['v2-authorizers'],
  rationale:
    'A JWT authorizer trusts tokens signed by the keys its issuer publishes and, through the ' +
    'audience list, only tokens minted for this API. An issuer URL over plain http lets anyone ' +
    'on the network path between API Gateway and the identity provider substitute their own ' +
    'signing keys, and then forge any token. Without an audience the authorizer would accept ' +
    'tokens the issuer minted for any other application (another app client of the same Cognito ' +
    'user pool, another tenant of a shared identity provider), so a token stolen from, or ' +
    'legitimately held for, an unrelated application opens this API.',
  remediation: {
    text:
      'Point the issuer at the identity provider\'s https URL (for Cognito, ' +
      'https://cognito-idp.<region>.amazonaws.com/<user-pool-id>) and list the app client ids or ' +
      'API identifiers the tokens are minted for as the audience.',
    cli: 'aws apigatewayv2 update-authorizer --api-id <api-id> --authorizer-id <authorizer-id> --jwt-configuration Audience=<app-client-id>,Issuer=https://cognito-idp.<region>.amazonaws.com/<user-pool-id>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html',
  },
  mappings: {
    owaspApi2023: ['API2'],
  },
  messages: {
    valid: 'Every JWT authorizer has an https issuer and an audience ({authorizerCount}): {authorizers}.',
    misconfigured: 'JWT authorizers with a weak configuration: {problems}.',
    'no-jwt-authorizers': 'The API has no JWT authorizers.',
  },
  select: (view) => httpApis(view),
  evaluate: ({ api }, outcome) => {
    if (!api.authorizers.ok) return outcome.gap(api.authorizers.error);
    const jwt = api.authorizers.value.filter((a) => a.AuthorizerType?.trim().toUpperCase() === 'JWT');
    if (jwt.length === 0) return outcome.notApplicable('no-jwt-authorizers', { authorizerCount: api.authorizers.value.length });
    const authorizers = jwt.map((a) => a.Name ?? a.AuthorizerId);
    const problems: string[] = [];
    for (const a of jwt) {
      const name = a.Name ?? a.AuthorizerId;
      const issuer = a.JwtConfiguration?.Issuer?.trim();
      const audience = (a.JwtConfiguration?.Audience ?? []).map((x) => x.trim()).filter((x) => x !== '');
      if (!isHttpsUrl(issuer)) problems.push(`${name}: issuer ${issuer ? redactUri(issuer) : 'unset'} is not an https URL`);
      if (audience.length === 0) problems.push(`${name}: no audience`);
    }
    const evidence = { authorizerCount: jwt.length, authorizers };
    if (problems.length === 0) return outcome.pass('valid', evidence);
    return outcome.fail('misconfigured', { ...evidence, problems });
  },
});
