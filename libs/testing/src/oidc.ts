import { createHash, randomBytes } from 'node:crypto';
import { CookieJar, fetchWithCookies } from './cookie-jar';
import type { ProviderMetadata } from '@facet/auth';

/**
 * Scripted OpenID Connect clients for e2e suites: what a browser and a relying party do against dev-idp (or any
 * provider with the same login page), over real HTTP, with nothing stubbed.
 */

/** The parts of a provider's discovery document the helpers and suites use. */
export interface OidcDiscovery extends ProviderMetadata {
  scopes_supported?: string[];
  [member: string]: unknown;
}

/** A token endpoint response. */
export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
  id_token?: string;
  refresh_token?: string;
}

/** An OAuth error answered by the provider (token endpoint) or sent back to the client (authorization redirect). */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly error: string,
    readonly errorDescription: string | undefined,
    /** HTTP status of the token endpoint's answer; undefined for an error returned in a redirect. */
    readonly status?: number,
  ) {
    super(`${error}${errorDescription ? `: ${errorDescription}` : ''}`);
  }
}

/** The login page refused the credentials, or the login could not be completed. */
export class IdpLoginError extends Error {
  override readonly name = 'IdpLoginError';

  constructor(
    message: string,
    readonly status: number,
    readonly page: string,
  ) {
    super(message);
  }
}

/** Client authentication as dev-idp's clients are registered: `client_secret_post`, or a public client's id. */
export interface ClientAuth {
  clientId: string;
  clientSecret?: string;
}

const MAX_HOPS = 20;

export async function discover(issuer: string): Promise<OidcDiscovery> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`discovery at ${url} answered ${response.status}`);
  return (await response.json()) as OidcDiscovery;
}

function clientParams({ clientId, clientSecret }: ClientAuth): Record<string, string> {
  return clientSecret === undefined ? { client_id: clientId } : { client_id: clientId, client_secret: clientSecret };
}

async function postForm(url: string, form: Record<string, string | undefined>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value !== undefined) body.set(name, value);
  return fetch(url, { method: 'POST', headers: { accept: 'application/json' }, body });
}

async function oauthError(response: Response): Promise<OAuthError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: string; error_description?: string };
    return new OAuthError(body.error ?? `http_${response.status}`, body.error_description, response.status);
  } catch {
    return new OAuthError(`http_${response.status}`, text.slice(0, 200), response.status);
  }
}

/** POSTs a token request; a non-2xx answer is thrown as an `OAuthError`. */
export async function tokenRequest(issuer: string, form: Record<string, string | undefined>): Promise<TokenSet> {
  const { token_endpoint } = await discover(issuer);
  const response = await postForm(token_endpoint, form);
  if (!response.ok) throw await oauthError(response);
  return (await response.json()) as TokenSet;
}

export interface ClientCredentialsOptions extends ClientAuth {
  issuer: string;
  clientSecret: string;
  scope?: string;
  /** Resource indicator; dev-idp defaults to the backend audience. */
  resource?: string;
}

/** A service (or partner) access token: the client credentials grant. */
export function clientCredentialsToken({ issuer, scope, resource, ...client }: ClientCredentialsOptions): Promise<TokenSet> {
  return tokenRequest(issuer, { grant_type: 'client_credentials', ...clientParams(client), scope, resource });
}

export interface RefreshOptions extends ClientAuth {
  issuer: string;
  refreshToken: string;
  scope?: string;
  resource?: string;
}

/** The refresh token grant. dev-idp rotates refresh tokens: keep the new one, the old one is spent. */
export function refreshTokens({ issuer, refreshToken, scope, resource, ...client }: RefreshOptions): Promise<TokenSet> {
  return tokenRequest(issuer, { grant_type: 'refresh_token', refresh_token: refreshToken, ...clientParams(client), scope, resource });
}

export interface RevokeOptions extends ClientAuth {
  issuer: string;
  token: string;
  tokenTypeHint?: 'refresh_token' | 'access_token';
}

/** RFC 7009 revocation. */
export async function revokeToken({ issuer, token, tokenTypeHint, ...client }: RevokeOptions): Promise<void> {
  const { revocation_endpoint } = await discover(issuer);
  if (!revocation_endpoint) throw new Error(`${issuer} has no revocation endpoint`);
  const response = await postForm(revocation_endpoint, { token, token_type_hint: tokenTypeHint, ...clientParams(client) });
  if (!response.ok) throw await oauthError(response);
}

export interface IntrospectOptions extends ClientAuth {
  issuer: string;
  token: string;
  tokenTypeHint?: 'refresh_token' | 'access_token';
}

/** RFC 7662 introspection (dev-idp lets a client introspect its own refresh and opaque tokens). */
export async function introspectToken({ issuer, token, tokenTypeHint, ...client }: IntrospectOptions): Promise<Record<string, unknown>> {
  const { introspection_endpoint } = await discover(issuer);
  if (!introspection_endpoint) throw new Error(`${issuer} has no introspection endpoint`);
  const response = await postForm(introspection_endpoint, { token, token_type_hint: tokenTypeHint, ...clientParams(client) });
  if (!response.ok) throw await oauthError(response);
  return (await response.json()) as Record<string, unknown>;
}

interface HtmlForm {
  action: string;
  method: string;
  /** Hidden and pre-filled inputs. */
  fields: Record<string, string>;
  /** Names of every input, filled or not. */
  inputs: string[];
}

const decodeEntities = (value: string): string =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/([\w:.-]+)(?:="([^"]*)")?/g)) attributes[name.toLowerCase()] = decodeEntities(value ?? '');
  return attributes;
}

/** The forms of a page, read the way a browser would submit them (enough for dev-idp's plain pages). */
export function parseForms(html: string, pageUrl: string): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, formTag, body]) => {
    const form = attributesOf(formTag);
    const fields: Record<string, string> = {};
    const inputs: string[] = [];
    for (const [, inputTag] of body.matchAll(/<input\b([^>]*?)\/?>/gi)) {
      const input = attributesOf(inputTag);
      if (!input.name) continue;
      inputs.push(input.name);
      if (input.value !== undefined && input.type !== 'password') fields[input.name] = input.value;
    }
    return {
      action: new URL(form.action ?? pageUrl, pageUrl).href,
      method: (form.method ?? 'get').toLowerCase(),
      fields,
      inputs,
    };
  });
}

const isRedirect = (response: Response): boolean => response.status >= 300 && response.status < 400 && response.headers.has('location');

/** The alert text of a page (dev-idp puts a refused login's reason in `role="alert"`). */
function alertOf(html: string): string | undefined {
  const match = /role="alert"[^>]*>([\s\S]*?)</.exec(html);
  return match ? decodeEntities(match[1].trim()) : undefined;
}

/**
 * Drives the browser part of a login: from an authorization request URL, through the provider's redirects and
 * login page (email + password, with `jar` holding the provider's cookies), to the redirect back to the client.
 * Returns that final URL (`redirect_uri?code=...&state=...`, or `?error=...`) without following it, so the
 * caller can hand it to its own app (e.g. web-bff's callback, with the same jar). Consent needs no step: dev-idp
 * grants it for its first-party clients.
 *
 * Throws `IdpLoginError` when the login page refuses the credentials or shows an error.
 */
export async function completeIdpLogin(options: {
  authorizeUrl: string;
  jar: CookieJar;
  email: string;
  password: string;
}): Promise<string> {
  const { jar, email, password } = options;
  const providerOrigin = new URL(options.authorizeUrl).origin;
  let url = options.authorizeUrl;
  let response = await fetchWithCookies(jar, url);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (isRedirect(response)) {
      const next = new URL(response.headers.get('location')!, url);
      if (next.origin !== providerOrigin) return next.href;
      url = next.href;
      response = await fetchWithCookies(jar, url);
      continue;
    }
    const page = await response.text();
    const loginForm = response.ok ? parseForms(page, url).find((form) => form.inputs.includes('password')) : undefined;
    if (!loginForm) {
      throw new IdpLoginError(`${url} answered ${response.status} ${alertOf(page) ?? 'without a login form'}`, response.status, page);
    }
    const body = new URLSearchParams({ ...loginForm.fields, email, password });
    const submitted = await fetchWithCookies(jar, loginForm.action, { method: 'POST', body });
    if (!isRedirect(submitted)) {
      const refusal = await submitted.text();
      throw new IdpLoginError(alertOf(refusal) ?? `login answered ${submitted.status}`, submitted.status, refusal);
    }
    url = loginForm.action;
    response = submitted;
  }
  throw new Error(`login did not return to the client within ${MAX_HOPS} redirects`);
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkce(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface AuthorizationRequestOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  resource?: string;
  /** Defaults to `consent` when `scope` has `offline_access` (oidc-provider issues refresh tokens only then). */
  prompt?: string;
}

/** An authorization code request with fresh state, nonce and PKCE (S256). */
export async function buildAuthorizationRequest(options: AuthorizationRequestOptions): Promise<AuthorizationRequest> {
  const { authorization_endpoint } = await discover(options.issuer);
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const pkce = createPkce();
  const prompt = options.prompt ?? (options.scope.split(' ').includes('offline_access') ? 'consent' : undefined);
  const url = new URL(authorization_endpoint);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    prompt,
    resource: options.resource,
  };
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return { url: url.href, state, nonce, codeVerifier: pkce.verifier };
}

export interface PasswordLoginOptions extends AuthorizationRequestOptions {
  clientSecret?: string;
  email: string;
  password: string;
  /** The browser's cookies; pass one to keep the provider session afterwards (e.g. for logout). */
  jar?: CookieJar;
}

export interface PasswordLoginResult extends TokenSet {
  id_token: string;
  /** The nonce sent, which the ID token must carry. */
  nonce: string;
}

/**
 * A complete scripted relying party: authorization code + PKCE with state and nonce, the login page filled in,
 * state checked, the code exchanged. Returns the token response (and the nonce, to check the ID token).
 */
export async function loginWithPassword(options: PasswordLoginOptions): Promise<PasswordLoginResult> {
  const request = await buildAuthorizationRequest(options);
  const callback = new URL(
    await completeIdpLogin({
      authorizeUrl: request.url,
      jar: options.jar ?? new CookieJar(),
      email: options.email,
      password: options.password,
    }),
  );
  const error = callback.searchParams.get('error');
  if (error) throw new OAuthError(error, callback.searchParams.get('error_description') ?? undefined);
  if (callback.searchParams.get('state') !== request.state) throw new Error('the authorization response carries another state');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`the authorization response has no code: ${callback.href}`);

  const tokens = await tokenRequest(options.issuer, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: options.redirectUri,
    code_verifier: request.codeVerifier,
    ...clientParams(options),
  });
  if (!tokens.id_token) throw new Error('the token response has no ID token');
  return { ...tokens, id_token: tokens.id_token, nonce: request.nonce };
}

/** The native mobile app (public client `facet-mobile`, PKCE) logging a user in for mobile-bff's audience. */
export function mobileAppLogin(options: { issuer: string; email: string; password: string; scope: string }): Promise<PasswordLoginResult> {
  return loginWithPassword({
    ...options,
    clientId: 'facet-mobile',
    redirectUri: 'com.facet.mobile:/oauth/callback',
    resource: 'urn:facet:mobile-bff',
  });
}

/**
 * Drives RP-initiated logout in the browser: opens the end-session URL, confirms on the provider's page, and
 * returns where the provider sends the browser afterwards (the post-logout redirect URI) without following it.
 */
export async function completeIdpLogout(options: { endSessionUrl: string; jar: CookieJar }): Promise<string> {
  const { jar, endSessionUrl } = options;
  const page = await fetchWithCookies(jar, endSessionUrl);
  const html = await page.text();
  const confirm = parseForms(html, endSessionUrl).find((form) => form.method === 'post');
  if (!page.ok || !confirm) throw new Error(`${endSessionUrl} answered ${page.status} without a sign-out form`);
  const done = await fetchWithCookies(jar, confirm.action, {
    method: 'POST',
    body: new URLSearchParams({ ...confirm.fields, logout: 'yes' }),
  });
  const location = done.headers.get('location');
  if (!isRedirect(done) || !location) throw new Error(`sign-out confirmation answered ${done.status}`);
  return new URL(location, confirm.action).href;
}
