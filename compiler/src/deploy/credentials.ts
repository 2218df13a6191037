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

/** Gets one token for `scope`, or throws CredentialUnavailableError. */
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
