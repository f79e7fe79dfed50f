/**
 * The `fetch` the callback outbox sends with (issue 13): every connection goes through one checked
 * connector. A host name is resolved here and each address judged by the egress rule
 * (`domain/egress.ts`); the connection then goes to the first allowed address, the very one judged,
 * so a second DNS answer cannot swap in another (rebinding). A literal address is judged as it is.
 * Redirects are never followed: a 3xx is the answer. undici's Agent takes the connector; callbacks
 * are POSTed through it with undici's `request` (`post`, issue 14), day-0 files read with `fetch`.
 */
import { lookup } from 'node:dns/promises';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { egressRefusal, literalAddress } from '../domain/egress.ts';
import { errors } from '../domain/errors.ts';
import { callbackPost, type CallbackPost } from './callback-post.ts';

/** A host name's addresses, in the order the system would try them. */
export type Resolver = (host: string) => Promise<{ address: string }[]>;

export interface EgressFetchOptions {
  /** `egress.allowed.networks`, asked at each connection so a run-time change applies at once. */
  allowedNetworks: () => string;
  /** Default: the system resolver (`dns.lookup`, all addresses). */
  resolve?: Resolver;
  /** Opens the socket to the address judged; default undici's own. Tests pass a stub. */
  connect?: buildConnector.connector;
}

export interface EgressFetch {
  fetch: typeof fetch;
  /** The callback outbox's sender, through the same checked connections. */
  post: CallbackPost;
  close(): Promise<void>;
}

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

export function egressFetch(o: EgressFetchOptions): EgressFetch {
  const resolve = o.resolve ?? systemResolver;
  const connect = o.connect ?? buildConnector({});
  const checked: buildConnector.connector = (options, callback) => {
    allowedAddress(options.hostname, resolve, o.allowedNetworks()).then(
      (address) => connect({ ...options, hostname: address }, callback),
      (err: Error) => callback(err, null),
    );
  };
  const agent = new Agent({ connect: checked });
  const send = (input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), redirect: 'manual', dispatcher: agent });
  return { fetch: send as unknown as typeof fetch, post: callbackPost(agent), close: () => agent.close() };
}

/** The address to connect to for `host`, or the egress refusal naming every address it tried. */
export async function allowedAddress(host: string, resolve: Resolver, allowedNetworks: string): Promise<string> {
  const literal = literalAddress(host);
  const addresses = literal !== undefined ? [literal] : (await resolve(host)).map((a) => a.address);
  const refusals: string[] = [];
  for (const address of addresses) {
    const refusal = egressRefusal(address, allowedNetworks);
    if (refusal === undefined) return address;
    refusals.push(refusal);
  }
  throw errors.egressRefused(host, refusals.length ? refusals : ['no address']);
}
