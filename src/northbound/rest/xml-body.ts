/**
 * Request body parsers. Every body is kept as a string: `src/datamodel/` parses it (its `parseXml`
 * refuses DTDs and entity declarations before any XML parser runs), so one parser gives one error
 * text for XML and JSON alike; fastify's JSON parser is replaced for that reason.
 *
 * Invariants (architecture principle 6): a body over `rest.body.limit.bytes` is refused by fastify
 * while it streams in, never buffered whole (413); a Content-Type other than XML or JSON is 415; a
 * body without Content-Type is kept and its format sniffed later (`content.ts`).
 */
import { errorCodes as fastifyErrors, type FastifyInstance, type FastifyRequest } from 'fastify';

export const bodyMediaTypes = ['application/xml', 'text/xml', 'application/json'];

export function registerBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  const asString = { parseAs: 'string' as const, bodyLimit };
  app.addContentTypeParser(bodyMediaTypes, asString, (_request: FastifyRequest, body: string | Buffer, done) => {
    done(null, String(body));
  });
  // Fastify sends both "no Content-Type" and "an unregistered one" here.
  app.addContentTypeParser('*', asString, (request: FastifyRequest, body: string | Buffer, done) => {
    if (request.headers['content-type'] !== undefined) done(new fastifyErrors.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
    else done(null, String(body));
  });
}
