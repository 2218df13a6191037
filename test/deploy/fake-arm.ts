/**
 * A fake Azure Resource Manager (Logic Apps workflows) and Key Vault on 127.0.0.1, over TLS with a
 * self-signed certificate made by `openssl` in a temporary folder (the SDK refuses bearer tokens
 * over plain http). It records every request, keeps workflows in memory as the service would, and
 * can be told to answer the next matching requests with a fault (429, 503, 400…).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordedRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly apiVersion: string | null;
  readonly authorization: string | undefined;
  readonly body: any;
  /** Milliseconds since the server started, to check retry delays. */
  readonly at: number;
}

export interface Fault {
  readonly method: string;
  /** A substring of the path the fault applies to. */
  readonly pathIncludes: string;
  /** The status to answer with; 0 drops the connection instead. */
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** How many matching requests get this answer (default 1). */
  times?: number;
}

export interface FakeArm {
  readonly url: string;
  /** PEM of the self-signed certificate, to trust. */
  readonly certificate: string;
  readonly certificateFile: string;
  readonly directory: string;
  readonly requests: RecordedRequest[];
  /** Deployed workflows by name, as the service stores them (ARM resource JSON). */
  readonly workflows: Map<string, any>;
  /** Key Vault secrets by name. */
  readonly secrets: Map<string, string>;
  /**
   * Cosmos DB SQL containers by `account/database/container`, each its `properties.resource`
   * (`{ id, defaultTtl }`; without `defaultTtl`, time to live is off). A container not there is
   * answered with `anyContainer` when it is set, else 404.
   */
  readonly containers: Map<string, Record<string, unknown>>;
  anyContainer: Record<string, unknown> | undefined;
  fail(fault: Fault): void;
  /** Requests other than reads. */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

const WORKFLOW_PATH = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Logic\/workflows\/([^/]+)(\/validate)?$/i;
const SECRET_PATH = /^\/secrets\/([^/]+)$/;
const CONTAINER_PATH =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.DocumentDB\/databaseAccounts\/([^/]+)\/sqlDatabases\/([^/]+)\/containers\/([^/]+)$/i;

/** A self-signed certificate for 127.0.0.1, made fresh in a temporary folder (never committed). */
export function makeCertificate(directory: string): { key: string; cert: string; certFile: string } {
  const keyFile = join(directory, 'key.pem');
  const certFile = join(directory, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export async function startFakeArm(): Promise<FakeArm> {
  const directory = mkdtempSync(join(tmpdir(), 'jig-fake-arm-'));
  const { key, cert, certFile } = makeCertificate(directory);
  const requests: RecordedRequest[] = [];
  const workflows = new Map<string, any>();
  const secrets = new Map<string, string>();
  const containers = new Map<string, Record<string, unknown>>();
  const state = { anyContainer: undefined as Record<string, unknown> | undefined };
  const faults: Fault[] = [];
  const started = Date.now();

  const server: Server = createServer({ key, cert }, (request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'https://127.0.0.1');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const method = request.method ?? 'GET';
      requests.push({
        method,
        path: url.pathname,
        apiVersion: url.searchParams.get('api-version'),
        authorization: request.headers.authorization,
        body,
        at: Date.now() - started,
      });
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(payload === undefined ? '' : JSON.stringify(payload));
      };

      const fault = faults.find((candidate) => candidate.method === method && url.pathname.includes(candidate.pathIncludes));
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
        // Status 0: the connection drops without an answer.
        if (fault.status === 0) return request.socket.destroy();
        return send(fault.status, fault.body, fault.headers);
      }

      const secret = SECRET_PATH.exec(url.pathname);
      if (secret && method === 'GET') {
        const value = secrets.get(decodeURIComponent(secret[1]!));
        return value === undefined
          ? send(404, { error: { code: 'SecretNotFound', message: `A secret with (name/id) ${secret[1]} was not found in this key vault.` } })
          : send(200, { value, id: `${url.origin}/secrets/${secret[1]}/1` });
      }

      const cosmos = CONTAINER_PATH.exec(url.pathname);
      if (cosmos && method === 'GET') {
        const [account, database, container] = cosmos.slice(1).map(decodeURIComponent) as [string, string, string];
        const resource = containers.get(`${account}/${database}/${container}`) ?? (state.anyContainer && { id: container, ...state.anyContainer });
        return resource
          ? send(200, { id: url.pathname, name: container, type: 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers', properties: { resource } })
          : send(404, { code: 'NotFound', message: `Resource ${database}/${container} not found in account ${account}.` });
      }

      const match = WORKFLOW_PATH.exec(url.pathname);
      if (!match) return send(404, { error: { code: 'NotFound', message: `No route for ${method} ${url.pathname}` } });
      const [, subscription, resourceGroup, name, validate] = match as unknown as [string, string, string, string, string?];
      if (validate) return method === 'POST' ? send(200) : send(405);
      if (method === 'GET') {
        // Workflows are kept by name; one written into another resource group is not found here.
        const found = workflows.get(name);
        const stored =
          found && (typeof found.id !== 'string' || found.id.toLowerCase().includes(`/resourcegroups/${resourceGroup.toLowerCase()}/`))
            ? found
            : undefined;
        return stored
          ? send(200, stored)
          : send(404, { error: { code: 'ResourceNotFound', message: `The Resource 'Microsoft.Logic/workflows/${name}' was not found.` } });
      }
      if (method === 'PUT') {
        const input = body as { location: string; tags?: Record<string, string>; properties: Record<string, any> };
        const existed = workflows.has(name);
        // As the service does: secure parameter values are never given back.
        const parameters = Object.fromEntries(
          Object.entries(input.properties.parameters ?? {}).map(([parameter, value]) => [
            parameter,
            /^secure/i.test(String(input.properties.definition?.parameters?.[parameter]?.type ?? '')) ? {} : value,
          ]),
        );
        const stored = {
          id: `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Logic/workflows/${name}`,
          name,
          type: 'Microsoft.Logic/workflows',
          location: input.location,
          ...(input.tags && { tags: input.tags }),
          properties: { ...input.properties, parameters, provisioningState: 'Succeeded', version: `v${Date.now()}` },
        };
        workflows.set(name, stored);
        return send(existed ? 200 : 201, stored);
      }
      return send(405, { error: { code: 'MethodNotAllowed', message: method } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    certificate: cert,
    certificateFile: certFile,
    directory,
    requests,
    workflows,
    secrets,
    containers,
    get anyContainer() {
      return state.anyContainer;
    },
    set anyContainer(value) {
      state.anyContainer = value;
    },
    fail: (fault) => faults.push({ ...fault }),
    writes: () => requests.filter((request) => request.method !== 'GET'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(directory, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/**
 * A stand-in `az` for AzureCliCredential (`az account get-access-token --output json --resource R`):
 * prints a token, or, with FAKE_AZ_LOGGED_OUT set, what the real CLI says when nobody is logged in.
 * Returns the folder to put first on PATH.
 */
export function writeFakeAz(directory: string, token = 'cli-token'): string {
  const script = `#!/bin/sh
if [ -n "$FAKE_AZ_LOGGED_OUT" ]; then
  echo "ERROR: Please run 'az login' to setup account." >&2
  exit 1
fi
echo "$@" >> "${join(directory, 'az-calls.log')}"
expires=$(( $(date +%s) + 3600 ))
printf '{"accessToken":"${token}","expires_on":%s,"expiresOn":"2099-01-01 00:00:00.000000","subscription":"00000000-0000-0000-0000-000000000000","tenant":"11111111-1111-1111-1111-111111111111","tokenType":"Bearer"}\\n' "$expires"
`;
  const file = join(directory, 'az');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return directory;
}
