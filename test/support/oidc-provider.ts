/**
 * A real OpenID Connect provider for tests (panva's oidc-provider, in memory, on 127.0.0.1 and a free port): one
 * confidential client, PKCE required, its development login form (any password; the login names the person),
 * consent granted by itself (a first-party client). `people` are the claims of each login.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdp {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Sets (or replaces) the claims a login answers. */
  person(login: string, claims: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function startTestIdp(opts: { redirectUris: string[] }): Promise<TestIdp> {
  const people = new Map<string, Record<string, unknown>>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'tierdesk-console';
  const clientSecret = 'tierdesk-console-secret-0123456789';
  // Its start-up notes (development keys, in-memory adapter, the Node version) are expected here.
  const warn = console.warn;
  console.warn = () => undefined;
  let provider: Provider;
  try {
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: opts.redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name'],
        tierdesk: ['tierdesk_account', 'tierdesk_role'],
      },
      scopes: ['openid', 'email', 'profile', 'tierdesk'],
      findAccount: (_ctx, id) => {
        const claims = people.get(id);
        if (!claims) return undefined;
        return { accountId: id, claims: () => ({ sub: id, ...claims }) };
      },
      // A first-party client: the grant is given without a consent page.
      loadExistingGrant: async (ctx) => {
        const accountId = ctx.oidc.session!.accountId!;
        const clientIdOf = ctx.oidc.client!.clientId;
        const grant = new ctx.oidc.provider.Grant({ accountId, clientId: clientIdOf });
        grant.addOIDCScope('openid email profile tierdesk');
        grant.addOIDCClaims(['email', 'email_verified', 'name', 'tierdesk_account', 'tierdesk_role']);
        await grant.save();
        return grant;
      },
    });
  } finally {
    console.warn = warn;
  }
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    person: (login, claims) => people.set(login, claims),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a browser does at the provider, with fetch and a cookie jar: follows the authorization URL to the login
 * form, signs in as `login`, and follows redirects until one points outside the provider (the app's callback).
 */
export async function signInAtIdp(idp: TestIdp, authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    if (!url.startsWith(idp.issuer)) return url;
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    remember(res);
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(html)?.[1];
    if (!action || !html.includes('name="login"')) throw new Error(`no login form at ${url}: ${res.status} ${html}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    body = new URLSearchParams({ prompt: 'login', login, password: 'any' });
  }
  throw new Error('too many redirects at the identity provider');
}
