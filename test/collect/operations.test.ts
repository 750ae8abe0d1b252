/** The operation lists are views of the service descriptors, not lists of their own. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_SERVICES } from '../../src/aws/services.js';
import {
  ASSUME_ROLE_OPERATION,
  COLLECTOR_OPERATIONS,
  IDENTITY_OPERATION,
  LINKED_OPERATIONS,
  ORGANIZATION_OPERATION,
  REGION_DISCOVERY_OPERATIONS,
  REPORT_READ_OPERATIONS,
  REPORT_ROLLBACK_OPERATION,
  REPORT_UPLOAD_OPERATION,
  REST_OPERATIONS,
  SECURITY_HUB_IMPORT_OPERATION,
  SECURITY_HUB_READ_BACK_OPERATION,
  V2_OPERATIONS,
} from '../../src/collect/operations.js';

const key = (op: { service: string; operation: string }) => `${op.service}:${op.operation}`;

describe('operation lists', () => {
  it('the collectors\' typed lists cover exactly the operations of the collection services', () => {
    const grouped = [...REST_OPERATIONS, ...V2_OPERATIONS, ...LINKED_OPERATIONS].map(key).sort();
    assert.deepEqual(COLLECTOR_OPERATIONS.map(key).sort(), grouped);
    assert.equal(new Set(grouped).size, grouped.length, 'no operation twice');
  });

  it('every described operation is in exactly one list, so each reaches a policy statement or is named for one', () => {
    const listed = [
      ...COLLECTOR_OPERATIONS,
      IDENTITY_OPERATION,
      ...REGION_DISCOVERY_OPERATIONS,
      ORGANIZATION_OPERATION,
      ASSUME_ROLE_OPERATION,
      REPORT_UPLOAD_OPERATION,
      REPORT_ROLLBACK_OPERATION,
      ...REPORT_READ_OPERATIONS,
      SECURITY_HUB_IMPORT_OPERATION,
      SECURITY_HUB_READ_BACK_OPERATION,
    ].map(key);
    const described = AWS_SERVICES.flatMap((d) => Object.keys(d.operations).map((operation) => `${d.id}:${operation}`));
    // CopyObject has no IAM action of its own (S3 authorizes it as GetObject + PutObject).
    assert.deepEqual([...listed, 's3:CopyObject'].sort(), described.sort());
  });

  it('keeps the IAM facts the policy has always had', () => {
    assert.deepEqual(SECURITY_HUB_IMPORT_OPERATION.iamResources, [
      'arn:${Partition}:securityhub:${Region}:${Account}:product/${Account}/default',
      'arn:${Partition}:securityhub:${Region}:${Account}:hub/default',
    ]);
    assert.deepEqual(REPORT_READ_OPERATIONS.map((op) => op.iamAction), ['s3:GetObject', 's3:ListBucket']);
    assert.equal(V2_OPERATIONS.every((op) => op.iamAction === 'apigateway:GET'), true);
  });
});
