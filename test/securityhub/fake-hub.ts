/** The in-memory Security Hub (test/support/fake-securityhub.ts) behind aws-sdk-client-mock. */
import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { SecurityHubStore } from '../support/fake-securityhub.js';

export const hub = mockClient(SecurityHubClient);

export class FakeHub extends SecurityHubStore {
  private readonly clients = new Map<string, SecurityHubClient>();

  constructor() {
    super();
    this.pageSize = 2;
    hub.reset();
    hub.on(BatchImportFindingsCommand).callsFake(async (input, getClient) => this.batchImport(await getClient().config.region(), input));
    hub.on(GetFindingsCommand).callsFake(async (input, getClient) => this.getFindings(await getClient().config.region(), input));
  }

  /** One client per region; the mock answers as the region the client was made for. */
  clientFor = (region: string): SecurityHubClient => {
    let client = this.clients.get(region);
    if (!client) {
      client = new SecurityHubClient({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
      this.clients.set(region, client);
    }
    return client;
  };
}
