/**
 * Benchmark 6: NETCONF `get` beside REST GET for the same data (issue 11, Done-when 3). One
 * deployed 2-group deployment; REST reads its opdata with `GET /deployments/shop`, NETCONF with a
 * `get` whose subtree filter selects that deployment's opdata, over ONE session, one request in
 * flight and then pipelined (RFC 6241 lets a client send rpcs before earlier replies arrive; the
 * server answers in order). REST runs one keep-alive client and then as many clients as NETCONF has
 * requests in flight. Both load generators read bytes without parsing them (`netconf-client.ts`).
 */
import { netconfBenchSettings, netconfLogin, openBenchSession, type BenchSession } from './netconf-client.ts';
import { load, startShop } from './shop.ts';
import { closedLoop, fmt, printTable, type LoadResult } from './stats.ts';

const opdataOfShop =
  '<get><filter type="subtree"><esc_datamodel xmlns="http://www.cisco.com/esc/esc"><opdata><tenants><tenant>' +
  '<name>acme</name><deployments><deployment_name>shop</deployment_name></deployments></tenant></tenants></opdata></esc_datamodel></filter></get>';

/** `inFlight` pipelined gets on one session for `durationMs`; each reply must hold the deployment's opdata. */
function netconfLoad(session: BenchSession, opts: { inFlight: number; durationMs: number }): Promise<LoadResult> {
  return closedLoop({ clients: opts.inFlight, durationMs: opts.durationMs }, async () => {
    const reply = await session.rpc(opdataOfShop);
    return reply.ok && reply.text.includes('<deployment_name>shop</deployment_name>');
  });
}

export async function benchNetconfGet(opts: { inFlight: number; durationMs: number }): Promise<void> {
  const { manager, api, opdata: restBody, close } = await startShop(netconfBenchSettings);
  let session: BenchSession | undefined;
  try {
    const url = `${api}/deployments/shop`;
    session = await openBenchSession(netconfLogin(manager));
    const replyBytes = Buffer.byteLength((await session.rpc(opdataOfShop)).text);
    const rest = (clients: number, durationMs = opts.durationMs) => load(url, { clients, durationMs, expectBytes: restBody.byteLength });
    const netconf = (inFlight: number, durationMs = opts.durationMs) => netconfLoad(session!, { inFlight, durationMs });
    await rest(opts.inFlight, 500); // warm-up: JIT and connections
    await netconf(opts.inFlight, 500);
    const rows: [string, LoadResult][] = [
      ['REST, 1 keep-alive client', await rest(1)],
      ['NETCONF get, 1 session, 1 in flight', await netconf(1)],
      [`REST, ${opts.inFlight} keep-alive clients`, await rest(opts.inFlight)],
      [`NETCONF get, 1 session, ${opts.inFlight} pipelined`, await netconf(opts.inFlight)],
    ];
    printTable(
      `6. NETCONF get beside REST GET of the same opdata (deployment shop, 3 VMs), ${opts.durationMs / 1000} s each`,
      ['client', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      rows.map(([label, r]) => [label, String(r.requests), fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), String(r.errors)]),
      [
        `REST answers the opdata document (${restBody.byteLength} bytes); NETCONF the rpc-reply with the same subtree (${replyBytes} bytes) in chunked framing over SSH`,
        'clients in the same process as the manager; 0.5 s warm-up each first; an error is a non-200 answer or a reply without the deployment',
      ],
    );
  } finally {
    await session?.close();
    await close();
  }
}
