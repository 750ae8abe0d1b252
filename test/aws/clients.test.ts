import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { AwsClients, shareCredentials } from '../../src/aws/clients.js';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

/**
 * Where a request would go: a build-step middleware records the resolved URL and stops the
 * request before signing and sending, so nothing leaves the process.
 */
async function requestUrl(client: APIGatewayClient): Promise<string> {
  let url = '';
  client.middlewareStack.add(
    (_next) => async (args) => {
      const request = args.request as { protocol: string; hostname: string; port?: number; path: string };
      url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`;
      throw new Error('stop before sending');
    },
    { step: 'build', name: 'captureUrl' },
  );
  // The SDK client's own send: test/collect/mock-aws.ts stubs APIGatewayClient.prototype.send
  // when it is imported, and the unit lane imports every test file into one process.
  const { send } = Object.getPrototypeOf(APIGatewayClient.prototype) as { send(this: APIGatewayClient, command: GetRestApisCommand): Promise<unknown> };
  await assert.rejects(send.call(client, new GetRestApisCommand({ limit: 500 })), /stop before sending/);
  return url;
}

describe('AwsClients', () => {
  const endpointVariables = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_API_GATEWAY'] as const;
  const saved = endpointVariables.map((name) => process.env[name]);
  afterEach(() => {
    endpointVariables.forEach((name, i) => {
      const value = saved[i];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    });
  });

  it('creates one client per service and region and reuses it', () => {
    const clients = new AwsClients({ credentials });
    assert.equal(clients.apiGateway('eu-west-1'), clients.apiGateway('eu-west-1'));
    assert.notEqual(clients.apiGateway('eu-west-1'), clients.apiGateway('us-east-1'));
    assert.notEqual(clients.acm('us-east-1') as unknown, clients.apiGateway('us-east-1') as unknown);
    clients.destroy();
  });

  it('configures region, one SDK attempt (retries are ours) and timeouts', async () => {
    const clients = new AwsClients({ credentials, connectTimeoutMs: 1234, requestTimeoutMs: 5678 });
    const client = clients.wafv2('ap-southeast-2');
    assert.equal(await client.config.region(), 'ap-southeast-2');
    assert.equal(await client.config.maxAttempts(), 1);
    assert.deepEqual(clients.clientConfig('ap-southeast-2').requestHandler, {
      connectionTimeout: 1234,
      requestTimeout: 5678,
      throwOnRequestTimeout: true,
    });
    clients.destroy();
  });

  it('sends every service to --endpoint-url when given', async () => {
    const clients = new AwsClients({ credentials, endpointUrl: 'http://127.0.0.1:4566' });
    for (const client of [clients.apiGateway('eu-west-1'), clients.acm('us-east-1'), clients.sts('eu-west-1')]) {
      const endpoint = await client.config.endpoint?.();
      assert.equal(endpoint?.hostname, '127.0.0.1');
      assert.equal(endpoint?.port, 4566);
      assert.equal(endpoint?.protocol, 'http:');
    }
    assert.equal(await requestUrl(clients.apiGateway('eu-west-1')), 'http://127.0.0.1:4566/restapis');
    clients.destroy();
  });

  it('creates the linked-resource clients the same way: per region, one attempt, --endpoint-url', async () => {
    const clients = new AwsClients({ credentials, endpointUrl: 'http://127.0.0.1:4566' });
    const all = [
      clients.cloudTrail('us-east-1'),
      clients.cloudWatch('eu-west-1'),
      clients.cloudWatchLogs('eu-west-1'),
      clients.cognito('eu-central-1'),
      clients.kms('us-west-2'),
      clients.iam('eu-west-1'),
    ];
    assert.equal(clients.cognito('eu-central-1'), all[3]);
    assert.notEqual(clients.kms('eu-west-1') as unknown, all[4] as unknown);
    const regions = await Promise.all(all.map((client) => client.config.region()));
    assert.deepEqual(regions, ['us-east-1', 'eu-west-1', 'eu-west-1', 'eu-central-1', 'us-west-2', 'eu-west-1']);
    for (const client of all) {
      assert.equal(await client.config.maxAttempts(), 1);
      assert.equal((await client.config.endpoint?.())?.port, 4566);
    }
    clients.destroy();
  });

  it('builds every described client through one factory: Security Hub and Organizations too', async () => {
    const clients = new AwsClients({ credentials, endpointUrl: 'http://127.0.0.1:4566' });
    assert.equal(clients.client('securityhub', 'eu-west-1'), clients.securityHub('eu-west-1'));
    assert.equal(clients.client('apigateway', 'eu-west-1'), clients.apiGateway('eu-west-1'));
    for (const client of [clients.securityHub('eu-west-1'), clients.organizations('us-east-1'), clients.account('us-east-1')]) {
      assert.equal(await client.config.maxAttempts(), 1);
      assert.equal((await client.config.endpoint?.())?.port, 4566);
    }
    assert.throws(() => clients.client('s3' as never, 'eu-west-1'), /the s3 descriptor builds no client/);
    clients.destroy();
  });

  it('says apiposture/<version> in the user agent unless told otherwise', () => {
    assert.match(new AwsClients({ credentials }).clientConfig('eu-west-1').customUserAgent ?? '', /^apiposture\/\d/);
    assert.equal(new AwsClients({ credentials, userAgent: 'x/1' }).clientConfig('eu-west-1').customUserAgent, 'x/1');
  });

  it('leaves AWS_ENDPOINT_URL to the SDK when no endpoint is given', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4599';
    const clients = new AwsClients({ credentials });
    assert.equal(await requestUrl(clients.apiGateway('eu-west-1')), 'http://localhost:4599/restapis');
    clients.destroy();
  });

  it('uses the regional AWS endpoint otherwise', async () => {
    for (const name of endpointVariables) delete process.env[name];
    const clients = new AwsClients({ credentials });
    assert.equal(await requestUrl(clients.apiGateway('eu-west-1')), 'https://apigateway.eu-west-1.amazonaws.com/restapis');
    clients.destroy();
  });
});

describe('shareCredentials', () => {
  it('resolves once for all clients while the credentials are fresh, again when they near expiry', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    let resolutions = 0;
    const provider = async () => {
      resolutions += 1;
      return { ...credentials, expiration: new Date(now + 60 * 60_000) };
    };
    const shared = shareCredentials(provider, () => now);
    await Promise.all([shared(), shared(), shared()]);
    assert.equal(resolutions, 1);
    now += 56 * 60_000; // within five minutes of expiry
    await shared();
    assert.equal(resolutions, 2);
  });

  it('does not cache a failure', async () => {
    let attempts = 0;
    const shared = shareCredentials(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('no credentials yet');
      return credentials;
    });
    await assert.rejects(shared(), /no credentials yet/);
    assert.deepEqual(await shared(), credentials);
  });
});
