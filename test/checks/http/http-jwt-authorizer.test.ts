import check from '../../../checks/http/http-jwt-authorizer.js';
import type { V2Authorizer } from '../../../src/inventory/schema.js';
import { failed, v2Api, withV2Apis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const COGNITO = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E';
const jwt = (AuthorizerId: string, Issuer: string | undefined, Audience: string[] | undefined, Name?: string): V2Authorizer => ({
  AuthorizerId,
  ...(Name ? { Name } : {}),
  AuthorizerType: 'JWT',
  IdentitySource: ['$request.header.Authorization'],
  JwtConfiguration: { ...(Issuer === undefined ? {} : { Issuer }), ...(Audience === undefined ? {} : { Audience }) },
});
const lambda: V2Authorizer = { AuthorizerId: 'lam1', Name: 'signature', AuthorizerType: 'REQUEST' };

testCheck(check, [
  {
    name: 'an https issuer and an audience pass; REQUEST authorizers are not judged',
    inventory: withV2Apis(v2Api({ authorizers: [jwt('jwt1', COGNITO, ['7abc123client'], 'customers'), lambda] })),
    expect: [
      { status: 'PASS', messageId: 'valid', resource: 'http-h1t2p3a4p5', evidence: { authorizers: ['customers'], authorizerCount: 1 } },
    ],
  },
  {
    name: 'an http issuer fails',
    inventory: withV2Apis(v2Api({ authorizers: [jwt('jwt1', 'http://auth.example.com/', ['api'], 'partners')] })),
    expect: [
      { status: 'FAIL', messageId: 'misconfigured', evidence: { problems: ['partners: issuer http://auth.example.com/ is not an https URL'] } },
    ],
  },
  {
    name: 'an issuer with credentials is judged as written and shown without them',
    inventory: withV2Apis(
      v2Api({
        authorizers: [
          jwt('jwt1', 'http://idp:s3cret@auth.example.com/?client_secret=c5', ['api'], 'partners'),
          jwt('jwt2', 'https://idp:s3cret@auth.example.com/', ['api'], 'staff'),
        ],
      }),
    ),
    expect: [
      {
        status: 'FAIL',
        messageId: 'misconfigured',
        evidence: { problems: ['partners: issuer http://[redacted]@auth.example.com/?client_secret=[redacted] is not an https URL'] },
      },
    ],
  },
  {
    name: 'an empty, blank or missing audience fails; authorizers are named by id when unnamed',
    inventory: withV2Apis(
      v2Api({ authorizers: [jwt('jwt1', COGNITO, [], 'a'), jwt('jwt2', COGNITO, [' '], 'b'), jwt('jwt3', COGNITO, undefined)] }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: { authorizers: ['a', 'b', 'jwt3'], problems: ['a: no audience', 'b: no audience', 'jwt3: no audience'] },
      },
    ],
  },
  {
    name: 'a missing or non-URL issuer fails; every problem of every authorizer is listed',
    inventory: withV2Apis(
      v2Api({ authorizers: [jwt('jwt1', undefined, [], 'x'), jwt('jwt2', 'cognito-idp.eu-west-1.amazonaws.com/pool', ['c'], 'y'), jwt('jwt3', COGNITO, ['c'], 'ok')] }),
    ),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          problems: [
            'x: issuer unset is not an https URL',
            'x: no audience',
            'y: issuer cognito-idp.eu-west-1.amazonaws.com/pool is not an https URL',
          ],
        },
      },
    ],
  },
  {
    name: 'an API without JWT authorizers is not applicable; WebSocket APIs are not evaluated',
    inventory: withV2Apis(v2Api({ authorizers: [lambda] }), v2Api({ ApiId: 'w1s2o3c4k5', ProtocolType: 'WEBSOCKET', authorizers: [lambda] })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-jwt-authorizers', evidence: { authorizerCount: 1 } }],
  },
  {
    name: 'GetAuthorizers denied is ERROR on the API',
    inventory: withV2Apis(v2Api({ authorizers: failed('GetAuthorizers') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'http-h1t2p3a4p5' }],
  },
]);
