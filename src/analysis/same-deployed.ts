/**
 * Whether two deployed views hold the same data, field for field. Stages of one API mostly serve
 * deployments made from the same draft: recognising that with one walk lets the drift check skip
 * its point-by-point comparison, and lets the readers of a deployment's methods share the work
 * done for an equal one.
 */
import type { DeployedMethod, DeployedRestConfig } from '../inventory/schema.js';

/**
 * Do two deployed views hold the same methods, field for field, in the same order? Every field
 * of a deployed method counts (a test pins that against the schema); an absent field and one
 * set to undefined are the same, as they are to every reader.
 */
export function sameDeployedMethods(a: readonly DeployedMethod[], b: readonly DeployedMethod[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameDeployedMethod(a[i]!, b[i]!)) return false;
  return true;
}

export function sameDeployedMethod(a: DeployedMethod, b: DeployedMethod): boolean {
  if (a === b) return true;
  return (
    a.path === b.path &&
    a.httpMethod === b.httpMethod &&
    a.authorizationType === b.authorizationType &&
    a.authorizerName === b.authorizerName &&
    a.apiKeyRequired === b.apiKeyRequired &&
    sameList(a.authorizationScopes, b.authorizationScopes) &&
    sameIntegration(a.integration, b.integration) &&
    sameValidator(a.requestValidator, b.requestValidator) &&
    sameTextRecord(a.requestModels, b.requestModels)
  );
}

type Integration = DeployedMethod['integration'];

/** The integration fields a deployed method holds (a draft's integration, which holds more, compares by these). */
export function sameIntegration(a: Integration, b: Integration): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return (
    a.type === b.type &&
    a.uri === b.uri &&
    a.connectionType === b.connectionType &&
    a.connectionId === b.connectionId &&
    (a.tlsConfig === b.tlsConfig ||
      (a.tlsConfig !== undefined && b.tlsConfig !== undefined && a.tlsConfig.insecureSkipVerification === b.tlsConfig.insecureSkipVerification))
  );
}

/** The validator fields a deployed method holds (a draft's validator, which holds its id too, compares by these). */
export function sameValidator(a: DeployedMethod['requestValidator'], b: DeployedMethod['requestValidator']): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.name === b.name && a.validateRequestBody === b.validateRequestBody && a.validateRequestParameters === b.validateRequestParameters;
}

export function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sameTextRecord(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]);
}

type DeployedAuthorizer = NonNullable<DeployedRestConfig['authorizers']>[number];

/** Do two deployed authorizers hold the same settings, field for field? */
export function sameDeployedAuthorizer(a: DeployedAuthorizer, b: DeployedAuthorizer): boolean {
  return (
    a === b ||
    (a.name === b.name &&
      a.type === b.type &&
      a.authorizerUri === b.authorizerUri &&
      sameList(a.providerARNs, b.providerARNs) &&
      a.identitySource === b.identitySource &&
      a.authorizerResultTtlInSeconds === b.authorizerResultTtlInSeconds)
  );
}
