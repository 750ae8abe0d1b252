/**
 * AWS Shield Advanced: whether the account subscribes, and if so which resources it protects
 * and which CloudFront distributions could front the APIs (src/collect/shield.ts). Both services
 * are global: their APIs answer in us-east-1, read once per scan.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { ShieldClient } from '@aws-sdk/client-shield';
import { conservativeRate, defineService, reads } from '../descriptor.js';

export const shield = defineService({
  id: 'shield',
  client: (config) => new ShieldClient(config),
  // Neither action supports resource-level permissions ("Actions, resources, and condition keys for AWS Shield").
  operations: reads('shield', { GetSubscriptionState: ['*'], ListProtections: ['*'] }),
  // No published request rate for these reads: the conservative 5/s.
  rates: [conservativeRate('shield')],
  phases: ['shield'],
});

/** Read only while Shield Advanced is active: the distributions a protection could cover. */
export const cloudFront = defineService({
  id: 'cloudfront',
  client: (config) => new CloudFrontClient(config),
  // A list: no resource-level permission ("Actions, resources, and condition keys for Amazon CloudFront").
  operations: reads('cloudfront', { ListDistributions: ['*'] }),
  rates: [conservativeRate('cloudfront')],
  phases: ['shield'],
});
