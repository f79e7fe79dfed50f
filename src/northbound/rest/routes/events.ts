/**
 * GET /events: the persisted events (our addition; ESC reports events only as they happen), so a
 * client that missed callbacks can catch up by `afterSeq`. JSON is an array of callback bodies
 * (`renderEventCallback`), XML an `<events>` element (no namespace: it is ours) holding one
 * escEvent notification per event (`renderEscEventElement`), oldest first. `limit` defaults to
 * 1000 so an unfiltered read stays bounded.
 */
import type { FastifyInstance } from 'fastify';
import type { DomainEvent } from '../../../domain/event.ts';
import type { EngineApi } from '../../../engine/api.ts';
import { renderEscEventElement } from '../../../events/renderers/esc-event-xml.ts';
import { renderEventCallback } from '../../../events/renderers/event-callback-json.ts';
import type { EventFilter } from '../../../store/store.ts';
import type { Format } from '../content.ts';
import { sendDocument } from '../reply.ts';
import { documentResponse, errorResponses, pageProperties } from '../schemas.ts';

interface EventQuery {
  internalDeploymentId?: string;
  vmName?: string;
  tenant?: string;
  afterSeq?: number;
  limit: number;
}

export const defaultEventLimit = 1000;

export function renderEventList(events: DomainEvent[], format: Format): string {
  if (format === 'json') return `${JSON.stringify(events.map(renderEventCallback), null, 2)}\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<events>\n${events.map(renderEscEventElement).join('')}</events>\n`;
}

export async function eventRoutes(app: FastifyInstance, opts: { engine: EngineApi }): Promise<void> {
  app.get<{ Querystring: EventQuery }>(
    '/events',
    {
      schema: {
        summary: 'Persisted events, oldest first',
        tags: ['events'],
        querystring: {
          type: 'object',
          properties: {
            internalDeploymentId: { type: 'string', description: 'only events of this deployment (by name)' },
            vmName: { type: 'string', description: 'only events naming this generated VM name' },
            tenant: { type: 'string', description: 'only events of this tenant' },
            afterSeq: { type: 'integer', minimum: 0, description: 'only events after this sequence number' },
            limit: { ...pageProperties.limit, default: defaultEventLimit },
          },
        },
        response: { 200: documentResponse('the events'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { internalDeploymentId, ...rest } = request.query;
      const filter: EventFilter = internalDeploymentId === undefined ? rest : { ...rest, deploymentName: internalDeploymentId };
      const events = await opts.engine.listEvents(filter);
      return sendDocument(reply, 200, (format) => renderEventList(events, format));
    },
  );
}
