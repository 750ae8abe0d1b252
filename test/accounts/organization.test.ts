import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { listOrganizationAccounts } from '../../src/accounts/organization.js';
import { calls, serviceError } from './support.js';

const organizations = mockClient(OrganizationsClient);

describe('--organization: Organizations ListAccounts', () => {
  beforeEach(() => organizations.reset());
  afterEach(() => organizations.reset());

  it('reads every page and keeps only ACTIVE accounts, by State or the older Status', async () => {
    organizations.on(ListAccountsCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
      assert.equal(input.MaxResults, 20);
      switch (input.NextToken) {
        case undefined:
          return {
            Accounts: [
              { Id: '333333333333', Name: 'prod', State: 'ACTIVE', Status: 'ACTIVE' },
              { Id: '444444444444', Name: 'old', State: 'SUSPENDED', Status: 'SUSPENDED' },
            ],
            NextToken: 'p2',
          };
        case 'p2':
          return {
            Accounts: [
              { Id: '111111111111', Name: 'management', Status: 'ACTIVE' },
              { Id: '555555555555', Name: 'closing', State: 'PENDING_CLOSURE' },
              { Id: '666666666666', Name: 'closed', State: 'CLOSED', Status: 'SUSPENDED' },
              { Id: 'not-an-id', State: 'ACTIVE' },
            ],
            NextToken: 'p3',
          };
        case 'p3':
          return { Accounts: [{ Id: '222222222222', State: 'ACTIVE' }] };
        default:
          throw new Error(`unexpected token ${input.NextToken}`);
      }
    });
    const result = await listOrganizationAccounts(new OrganizationsClient({ region: 'us-east-1' }), calls(), 'us-east-1');
    assert.ok(result.ok);
    assert.deepEqual(result.value.active, [
      { id: '111111111111', name: 'management', state: 'ACTIVE' },
      { id: '222222222222', state: 'ACTIVE' },
      { id: '333333333333', name: 'prod', state: 'ACTIVE' },
    ]);
    assert.deepEqual(
      result.value.skipped.map((a) => [a.id, a.state]),
      [
        ['444444444444', 'SUSPENDED'],
        ['555555555555', 'PENDING_CLOSURE'],
        ['666666666666', 'CLOSED'],
      ],
    );
    assert.equal(organizations.commandCalls(ListAccountsCommand).length, 3);
  });

  it('returns a denial (not the management account, no organization) as a collection error', async () => {
    organizations.on(ListAccountsCommand).rejects(serviceError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    const result = await listOrganizationAccounts(new OrganizationsClient({ region: 'us-east-1' }), calls(), 'us-east-1');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'AWSOrganizationsNotInUseException');
  });
});
