/**
 * Request body parsers. Every body is kept as a string: `src/datamodel/` parses it (its `parseXml`
 * refuses DTDs and entity declarations before any XML parser runs), so one parser gives one error
 * text for XML and JSON alike; fastify's JSON parser is replaced for that reason.
 *
 * Invariants (architecture principle 6): a body over `rest.body.limit.bytes` is refused by fastify
 * while it streams in, never buffered whole (413); a Content-Type other than XML or JSON is 415; a
 * body without Content-Type is kept and its format sniffed (`content.ts`); a body that is not UTF-8,
 * or nests deeper or holds more elements than `limits.xml.*`, is 400 before any route runs.
 */
import { errorCodes as fastifyErrors, type FastifyInstance, type FastifyRequest } from 'fastify';
import { checkDocumentShape, type DocumentLimits } from '../../datamodel/document.ts';
import { errors } from '../../domain/errors.ts';
import { parsedXmlBodies, requestFormat } from './content.ts';

export const bodyMediaTypes = ['application/xml', 'text/xml', 'application/json'];

/** Fatal: a body that is not UTF-8 is refused, never silently repaired with U+FFFD (issue 13). */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** `limits` is asked per request, so a run-time change of `limits.xml.*` reaches the next body. */
export function registerBodyParsers(app: FastifyInstance, bodyLimit: number, limits: () => DocumentLimits): void {
  app.removeAllContentTypeParsers();
  const asBuffer = { parseAs: 'buffer' as const, bodyLimit };
  const accept = (request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: string) => void): void => {
    try {
      const text = decodeUtf8(body);
      const tree = checkDocumentShape(text, requestFormat(request.headers['content-type'], text), limits());
      if (tree) parsedXmlBodies.set(request, tree);
      done(null, text);
    } catch (err) {
      done(err as Error);
    }
  };
  app.addContentTypeParser(bodyMediaTypes, asBuffer, (request: FastifyRequest, body: string | Buffer, done) => accept(request, body as Buffer, done));
  // Fastify sends both "no Content-Type" and "an unregistered one" here.
  app.addContentTypeParser('*', asBuffer, (request: FastifyRequest, body: string | Buffer, done) => {
    if (request.headers['content-type'] !== undefined) done(new fastifyErrors.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
    else accept(request, body as Buffer, done);
  });
}

function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw errors.bodyNotUtf8();
  }
}
