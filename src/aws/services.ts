/** The AWS services apiposture calls, named as in IAM actions and collection errors. */
export type AwsService =
  | 'apigateway'
  | 'apigatewayv2'
  | 'wafv2'
  | 'acm'
  | 'sts'
  | 'cloudtrail'
  | 'cloudwatch'
  | 'logs'
  | 'cognito-idp'
  | 'kms'
  | 'iam'
  | 'account'
  | 'organizations'
  /** Report uploads (`--output-dir s3://…`), not collection. */
  | 's3';
