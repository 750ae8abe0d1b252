/**
 * The credentials could not be used at all (none found, expired, wrong profile, STS refused).
 * Nothing can be collected; the CLI shows the one-line message and exits with code 3.
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}
