/**
 * The two REST callbacks as outbox messages (esc-interface.md §1.3).
 * Ids are derived, never random, so enqueueing the same callback twice (a replay after a crash)
 * hits the same row, and the `ESC-Event-Id` header lets receivers drop a redelivery.
 */
import { createHash } from 'node:crypto';
import type { DomainEvent } from '../domain/event.ts';
import type { Operation, OperationOutcome } from '../domain/operation.ts';
import type { OutboxMessage } from '../store/store.ts';
import { renderCompletionBody } from './renderers/completion-body.ts';
import { renderEventCallback } from './renderers/event-callback-json.ts';

export const callbackHeaders = {
  eventId: 'ESC-Event-Id',
  transactionId: 'ESC-Transaction-Id',
  statusCode: 'ESC-Status-Code',
  statusMessage: 'ESC-Status-Message',
  contentType: 'Content-Type',
} as const;


/** One `Callback-ESC-Events` POST for one persisted event (it must carry its `seq`). */
export function eventCallbackMessage(event: DomainEvent, url: string, now: number): OutboxMessage {
  return pending(now, {
    id: `${event.id}:${shortHash(url)}`,
    operationId: event.operationId,
    eventSeq: event.seq,
    url,
    orderKey: orderKeyOf(event),
    headers: {
      [callbackHeaders.eventId]: event.id,
      [callbackHeaders.contentType]: 'application/json',
      ...(event.operationId ? { [callbackHeaders.transactionId]: event.operationId } : {}),
    },
    body: JSON.stringify(renderEventCallback(event)),
  });
}

/** The `callback` POST that reports an operation's end with the resource in the request's format. */
export function completionCallbackMessage(op: Pick<Operation, 'id' | 'notify' | 'deploymentId' | 'tenant'>, outcome: OperationOutcome, now: number): OutboxMessage {
  const id = `${op.id}:completion`;
  const { contentType, body } = renderCompletionBody(op.notify.format, outcome);
  return pending(now, {
    id,
    operationId: op.id,
    url: op.notify.completionUrl!,
    orderKey: orderKeyOf(op),
    headers: {
      [callbackHeaders.eventId]: id,
      [callbackHeaders.transactionId]: op.id,
      [callbackHeaders.statusCode]: String(outcome.statusCode),
      [callbackHeaders.statusMessage]: headerSafe(outcome.statusMessage),
      [callbackHeaders.contentType]: contentType,
    },
    body,
  });
}

function pending(
  now: number,
  message: Pick<OutboxMessage, 'id' | 'operationId' | 'eventSeq' | 'url' | 'orderKey' | 'headers' | 'body'>,
): OutboxMessage {
  return { ...message, attempts: 0, nextAttemptAt: now, createdAt: new Date(now).toISOString() };
}

/**
 * Callbacks keep the order of what they report within one deployment (or, with none, one tenant):
 * the operation runner's key, whose operations run one after another. Different deployments' run
 * concurrently, so their callbacks need no order between them and one receiver gets them in
 * parallel (issue 14).
 */
function orderKeyOf(about: { deploymentId?: string; tenant?: string }): string | undefined {
  if (about.deploymentId) return `deployment:${about.deploymentId}`;
  return about.tenant === undefined ? undefined : `tenant:${about.tenant}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Header values must be Latin-1 without line breaks; VIM messages may hold anything. */
function headerSafe(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}
