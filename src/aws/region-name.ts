/** The shape of an AWS region name (eu-west-1, us-gov-west-1, ap-southeast-4); `global` and `''` are not. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}
