/**
 * Signing in. `DefaultAzureCredential` makes `az login` on a laptop and a service principal or
 * federated identity in CI work unchanged. Jig asks for a token once before anything else, so that
 * a missing login is one clear line (JIG6001) before any request, instead of an
 * AggregateAuthenticationError listing every credential of the chain halfway through a deploy.
 */
import type { TokenCredential } from '@azure/core-auth';

/** Signing in failed; `detail` is a short reason when one credential alone explains it. */
export class CredentialUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(detail || 'no credential available');
    this.name = 'CredentialUnavailableError';
  }
}

/**
 * A credential was found and tried, and the identity platform refused it (a wrong or expired
 * client secret, an unknown client id, a federated token it does not trust): signing in again
 * will not help, fixing the credential will.
 */
export class CredentialRejectedError extends Error {
  constructor(readonly detail: string) {
    super(detail || 'the credential was rejected');
    this.name = 'CredentialRejectedError';
  }
}

const TOKEN_TIMEOUT_MS = 60_000;
const MAX_DETAIL_LENGTH = 160;

/** The SDK's DefaultAzureCredential, loaded only now (it reads AZURE_* and AZURE_TOKEN_CREDENTIALS from the environment). */
export async function createDefaultCredential(): Promise<TokenCredential> {
  try {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new DefaultAzureCredential();
  } catch (error) {
    // An invalid AZURE_TOKEN_CREDENTIALS value makes the constructor throw.
    throw new CredentialUnavailableError(shortReason(error));
  }
}

/**
 * Gets one token for `scope`, or throws CredentialRejectedError (a credential answered no) or
 * CredentialUnavailableError (none could be tried, or none answered).
 */
export async function ensureSignedIn(credential: TokenCredential, scope: string, timeoutMs = TOKEN_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CredentialUnavailableError(`no token after ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const token = await Promise.race([credential.getToken(scope), timeout]);
    if (!token) throw new CredentialUnavailableError('');
  } catch (error) {
    if (error instanceof CredentialUnavailableError) throw error;
    // @azure/identity's AuthenticationError: the token endpoint answered and refused. A chain
    // stops at it (only an unavailable credential lets the chain go on to the next).
    if ((error as { name?: unknown }).name === 'AuthenticationError') throw new CredentialRejectedError(rejectionReason(error));
    throw new CredentialUnavailableError(shortReason(error));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One line from an identity error: the reason of the only credential tried, when only one was
 * (AZURE_TOKEN_CREDENTIALS names one); nothing for a whole chain, whose dump helps no one.
 */
function shortReason(error: unknown): string {
  const errors = (error as { errors?: unknown }).errors;
  const causes = Array.isArray(errors) ? errors : [error];
  if (causes.length !== 1) return '';
  const message = String((causes[0] as { message?: unknown })?.message ?? '');
  const line = message.split('\n').find((text) => text.trim() !== '')?.trim() ?? '';
  if (/ChainedTokenCredential|AggregateAuthentication/.test(line)) return '';
  // The first sentence says what is wrong; the rest repeats the advice the message gives anyway.
  const sentence = (/^.*?[.!](?=\s|$)/.exec(line)?.[0] ?? line).replace(/[.!]$/, '');
  return sentence.length > MAX_DETAIL_LENGTH ? `${sentence.slice(0, MAX_DETAIL_LENGTH - 1)}…` : sentence;
}

/**
 * The identity platform's own description of a refusal (`AADSTS7000215: Invalid client secret
 * provided.`), first sentence only: it names the problem and never holds the secret.
 */
function rejectionReason(error: unknown): string {
  const response = (error as { errorResponse?: { error?: unknown; errorDescription?: unknown } }).errorResponse;
  const description = typeof response?.errorDescription === 'string' ? response.errorDescription : '';
  const line = description.split('\n').find((text) => text.trim() !== '')?.trim() ?? '';
  const sentence = (/^.*?[.!](?=\s|$)/.exec(line)?.[0] ?? line).trim();
  const reason = sentence || (typeof response?.error === 'string' ? response.error : '');
  return reason.length > MAX_DETAIL_LENGTH ? `${reason.slice(0, MAX_DETAIL_LENGTH - 1)}…` : reason;
}
