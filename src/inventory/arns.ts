/** ARNs of API Gateway resources ("Amazon API Gateway Amazon Resource Name (ARN) reference": the account field is empty). */

export function restApiArn(region: string, apiId: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}::/restapis/${apiId}`;
}

export function restStageArn(apiArn: string, stageName: string): string {
  return `${apiArn}/stages/${stageName}`;
}

export function v2ApiArn(region: string, apiId: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}::/apis/${apiId}`;
}

export function v2StageArn(apiArn: string, stageName: string): string {
  return `${apiArn}/stages/${stageName}`;
}

export function domainArn(region: string, domainName: string, partition = 'aws'): string {
  return `arn:${partition}:apigateway:${region}::/domainnames/${domainName}`;
}
