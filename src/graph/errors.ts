// What went wrong talking to Entra ID or Microsoft Graph, said so that an admin knows what to do.
// Every message names the setting or the permission to fix; none carries a secret or a token.

export type GraphFailureKind =
  | 'permission' // 403 from Graph: CallRecords.Read.All (application) missing or not consented
  | 'unauthorized' // 401 from Graph: the token was not accepted
  | 'tenant' // AADSTS90002: no such tenant
  | 'secret-expired' // AADSTS7000222
  | 'secret-invalid' // AADSTS7000215
  | 'app-not-found' // AADSTS700016: the app is not in that tenant
  | 'certificate' // AADSTS700027 and friends: the certificate is not the app's
  | 'sign-in' // any other Entra ID refusal
  | 'throttled' // 429 / 503 beyond what we wait for
  | 'http' // any other Graph status
  | 'network'; // no answer at all

export class GraphError extends Error {
  constructor(
    readonly kind: GraphFailureKind,
    message: string,
    readonly detail: { status?: number; code?: string; aadsts?: number; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export const CALL_RECORDS_PERMISSION = 'CallRecords.Read.All';

export interface AppIdentity {
  tenantId: string;
  clientId: string;
}

const CONSENT_STEPS = (app: AppIdentity) =>
  `In the Microsoft Entra admin center open App registrations > the app ${app.clientId} > API permissions > Add a permission > Microsoft Graph > ` +
  `Application permissions > ${CALL_RECORDS_PERMISSION}, then "Grant admin consent" for the tenant (a Global Administrator or Privileged Role Administrator can). ` +
  'A new consent can take a few minutes to apply.';

/** A 403 from a call-records function: the permission is missing or was never consented. */
export function permissionMessage(app: AppIdentity, what: string): string {
  return `Microsoft Graph refused ${what} (403 Forbidden): the app registration ${app.clientId} has no admin-consented application permission ${CALL_RECORDS_PERMISSION} in tenant ${app.tenantId}. ${CONSENT_STEPS(app)}`;
}

/** The AADSTS number of an Entra ID error, from its description ("AADSTS7000222: ..."). */
export function aadstsCode(text: string): number | undefined {
  const m = /AADSTS(\d{5,7})\b/.exec(text.slice(0, 4000));
  return m ? Number(m[1]) : undefined;
}

/** An Entra ID token failure as a GraphError that says which setting to fix. */
export function signInError(app: AppIdentity, err: unknown): GraphError {
  const raw = err instanceof Error ? err.message : String(err);
  const code = aadstsCode(raw);
  const detail = code !== undefined ? { aadsts: code } : {};
  switch (code) {
    case 90002:
      return new GraphError(
        'tenant',
        `Entra ID does not know the tenant "${app.tenantId}" (AADSTS90002). Set GRAPH_TENANT_ID to the Directory (tenant) ID shown on the app registration's Overview page, and GRAPH_AUTHORITY_HOST to your cloud's sign-in host if it is not the public cloud.`,
        detail,
      );
    case 7000222:
      return new GraphError(
        'secret-expired',
        `The client secret of the app registration ${app.clientId} has expired (AADSTS7000222). Create a new one under App registrations > the app > Certificates & secrets, and set GRAPH_CLIENT_SECRET to its Value; or use a certificate (GRAPH_CLIENT_CERTIFICATE_PATH), which you can give a longer life.`,
        detail,
      );
    case 7000215:
      return new GraphError(
        'secret-invalid',
        `Entra ID refused the client secret of the app registration ${app.clientId} (AADSTS7000215, invalid secret). Set GRAPH_CLIENT_SECRET to the secret's Value (shown once when it is created), not its Secret ID; create a new secret if the Value is lost.`,
        detail,
      );
    case 700016:
      return new GraphError(
        'app-not-found',
        `The application ${app.clientId} is not registered in tenant ${app.tenantId} (AADSTS700016). Check GRAPH_CLIENT_ID (the Application (client) ID) and GRAPH_TENANT_ID; the app registration must live in the tenant whose calls SIP Doc reads.`,
        detail,
      );
    case 700027:
    case 700023:
    case 50012:
      return new GraphError(
        'certificate',
        `Entra ID refused the certificate of the app registration ${app.clientId} (AADSTS${code}). Upload the certificate (public part) under App registrations > the app > Certificates & secrets, and point GRAPH_CLIENT_CERTIFICATE_PATH at the PEM file holding that certificate and its private key.`,
        detail,
      );
    default:
      return new GraphError(
        'sign-in',
        `SIP Doc could not get a Microsoft Graph token for the app registration ${app.clientId} in tenant ${app.tenantId}${code !== undefined ? ` (AADSTS${code})` : ''}: ${firstLine(raw)}`,
        detail,
      );
  }
}

/** The first line of an error text, cut: Entra ID's descriptions go on with trace ids. */
export function firstLine(text: string, max = 300): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Graph's error body: `{ "error": { "code", "message", "innerError": { "request-id", "date" } } }`. */
export function graphErrorBody(text: string): { code?: string; message?: string; requestId?: string } {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } };
    const e = body?.error;
    if (!e || typeof e !== 'object') return {};
    const requestId = e.innerError?.['request-id'];
    return {
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.message === 'string' ? { message: e.message } : {}),
      ...(typeof requestId === 'string' ? { requestId } : {}),
    };
  } catch {
    return {};
  }
}
