/**
 * Azure services whose writes deliver what they are sent onward, to whoever the request names, as
 * Graph's `sendMail` does: a client's own resource of theirs (named in jig.yaml) is the platform,
 * but what a write there carries goes on to people Jig cannot see (policy/destinations.ts).
 *
 * - Azure Communication Services (`NAME.communication.azure.com`, `NAME.REGION.communication.azure.com`):
 *   mail to any address (`/emails:send`), SMS to any number (`/sms`), chat messages to a thread's
 *   members, calls; learn.microsoft.com/rest/api/communication.
 * - Azure Web PubSub (`NAME.webpubsub.azure.com/api/hubs/HUB/:send`) and Azure SignalR Service
 *   (`NAME.service.signalr.net/api/v1/hubs/HUB`): messages to whichever clients are connected, a
 *   browser of anyone who holds an access token; learn.microsoft.com/rest/api/webpubsub,
 *   learn.microsoft.com/azure/azure-signalr/signalr-reference-data-plane-rest-api.
 */
const DELIVERING_HOSTS = /\.(communication\.azure\.(com|us|cn)|webpubsub\.azure\.(com|us|cn)|service\.signalr\.net|signalr\.azure\.(us|cn))$/;

/** Whether every write to `host` delivers what it is sent onward, to whoever the request names. */
export function deliversOnward(host: string): boolean {
  return DELIVERING_HOSTS.test(host.toLowerCase().replace(/\.$/, ''));
}
