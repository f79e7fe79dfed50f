/**
 * The client session over an in-memory stream pair, against a scripted peer that frames with the
 * same `framing.ts` and checks what the client sends (RFC 6241 §8.1, RFC 6242).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplexPair } from 'node:stream';
import { encodeFrame } from '../../northbound/netconf/framing.ts';
import { base10, base11, NetconfSession } from './session.ts';
import { notification, opened, Peer, reply, serverHello } from './testing/scripted-peer.ts';

test('hello exchange: both name base:1.1, so the rpc after the hellos is chunked; the reply settles it (RFC 6242 §4.1)', async () => {
  const { session, peer } = await opened([base10, base11]);
  assert.equal(session.sessionId, '7');
  const answer = session.rpc('<get/>');
  const rpc = await peer.nth(1);
  assert.equal(rpc.name, 'rpc');
  assert.equal(rpc.attributes['message-id'], '1');
  assert.equal(rpc.children[0]!.name, 'get');
  assert.match(peer.rawReceived.at(-1)!.toString(), /^\n#\d+\n/);
  peer.send(reply('1', '<data/>'));
  assert.equal((await answer).document.children[0]!.name, 'data');
});

test('a base:1.0 server keeps end-of-message framing', async () => {
  const { session, peer } = await opened([base10]);
  const answer = session.rpc('<get/>');
  await peer.nth(1);
  assert.match(peer.rawReceived.at(-1)!.toString(), /\]\]>\]\]>$/);
  peer.send(reply('1'));
  assert.equal((await answer).document.children[0]!.name, 'ok');
});

test('replies settle the request they name, whatever the order; notifications go to the listener between them', async () => {
  const { session, peer } = await opened([base10, base11]);
  const seen: string[] = [];
  session.onNotification((n) => seen.push(n.document.children[1]!.name));
  const first = session.rpc('<get/>');
  const second = session.rpc('<get-config><source><running/></source></get-config>');
  await peer.nth(2);
  peer.send(reply('2', '<data><b/></data>'), notification('<escEvent/>'), reply('1', '<data><a/></data>'));
  assert.equal((await first).document.children[0]!.children[0]!.name, 'a');
  assert.equal((await second).document.children[0]!.children[0]!.name, 'b');
  assert.deepEqual(seen, ['escEvent']);
});

test("a hello and the server's next chunked message in one packet are both read", async () => {
  const [client, server] = duplexPair();
  const peer = new Peer(server);
  const seen: string[] = [];
  const opening = NetconfSession.open(client);
  await peer.nth(0);
  server.write(Buffer.concat([encodeFrame(serverHello([base11]), 'eom'), encodeFrame(notification('<replayComplete/>'), 'chunked')]));
  const session = await opening;
  session.onNotification((n) => seen.push(n.document.children[1]!.name));
  // The notification was read with the hello; a listener set later sees only what follows.
  peer.chunked();
  const answer = session.rpc('<get/>');
  await peer.nth(1);
  peer.send(reply('1'));
  await answer;
  assert.deepEqual(seen, []);
});

test('a server whose first message is no hello is refused', async () => {
  const [client, server] = duplexPair();
  const peer = new Peer(server);
  const opening = NetconfSession.open(client);
  await peer.nth(0);
  peer.send(reply('1'));
  await assert.rejects(opening, /the server's first message was <rpc-reply>, not <hello>/);
});

test('no hello within the time allowed ends the attempt', async () => {
  const [client] = duplexPair();
  await assert.rejects(NetconfSession.open(client, { helloTimeoutMs: 20 }), /the server sent no NETCONF hello within 20 ms/);
});

test('the server closing the session fails the request waiting and settles `closed`', async () => {
  const { session, peer } = await opened([base11]);
  const answer = session.rpc('<get/>');
  await peer.nth(1);
  peer.stream.end();
  await assert.rejects(answer, /closed by the server/);
  assert.match((await session.closed).message, /closed by the server/);
  await assert.rejects(session.rpc('<get/>'), /closed by the server/);
});

test('bad framing from the server ends the session with a clear reason', async () => {
  const { session, peer } = await opened([base11]);
  const answer = session.rpc('<get/>');
  await peer.nth(1);
  peer.stream.write('\n#x\n');
  await assert.rejects(answer, /the server sent a message this client cannot read/);
});

test('close sends <close-session/> and ends the stream once the server answers', async () => {
  const { session, peer } = await opened([base11]);
  const closing = session.close();
  const rpc = await peer.nth(1);
  assert.equal(rpc.children[0]!.name, 'close-session');
  peer.send(reply('1'));
  await closing;
  await new Promise((r) => peer.stream.once('end', r).resume());
});
