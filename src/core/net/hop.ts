// One hop of a fetch on the user's behalf (a video download, Load image): the redirect policy and the request itself.
import * as http from 'node:http';
import * as https from 'node:https';
import { checkFetchUrl, checkResolvedHost, guardedLookup, RefusedUrlError, type FetchPolicy } from './fetchPolicy';

/** Redirects followed before a fetch gives up. */
export const MAX_REDIRECTS = 5;

export interface HopOptions {
  policy: FetchPolicy;
  /** A proxy agent: the proxy resolves names, so each hop's name is resolved here first. */
  agent?: http.Agent;
  /** The error a refusal becomes (the caller's own error type). */
  refuse?: (message: string) => Error;
}

/**
 * Where a redirect leads: checked by the same policy as the first URL (scheme, credentials in it, literal address).
 * `credentialed` stays true only while every hop is on `firstOrigin`: credentials never follow a redirect to another
 * origin, and never come back once they left it.
 */
export function redirectHop(
  from: URL,
  location: string,
  policy: FetchPolicy,
  credentialed: boolean,
  firstOrigin: string,
): { url: URL; credentialed: boolean } {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new RefusedUrlError(`refused a redirect to ${location.slice(0, 200)}`);
  }
  checkFetchUrl(next.href, policy);
  return { url: next, credentialed: credentialed && next.origin === firstOrigin };
}

/**
 * Starts a GET on one hop: without a proxy the connection's DNS lookup refuses local addresses (no rebinding between
 * check and connect); through a proxy the name is resolved and checked here first. Call `end()` on the request.
 */
export async function startHop(
  url: URL,
  headers: Record<string, string>,
  options: HopOptions,
): Promise<http.ClientRequest> {
  const refuse = options.refuse ?? ((m: string) => new RefusedUrlError(m));
  if (options.agent) {
    try {
      await checkResolvedHost(url, options.policy);
    } catch (e) {
      throw refuse(e instanceof Error ? e.message : String(e));
    }
  }
  const mod = url.protocol === 'https:' ? https : http;
  return mod.request(url, {
    method: 'GET',
    headers,
    agent: options.agent,
    lookup: guardedLookup(options.policy, refuse),
  });
}
