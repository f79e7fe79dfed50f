/**
 * What an operation handler gets: the session it runs on and the server's shared parts. A handler
 * answers `'ok'` or the elements to put in the `rpc-reply`, or throws (a `DomainError` or a
 * `ProtocolError`) for an `rpc-error`.
 */
import type { EngineApi } from '../../engine/api.ts';
import type { XmlNode } from '../../xml/parse.ts';
import type { DataSources } from './datastore.ts';
import type { NotificationDeps, Subscription } from './notifications/deps.ts';
import type { SessionRegistry } from './sessions.ts';

export interface ServerParts {
  engine: EngineApi;
  sessions: SessionRegistry;
  data: DataSources;
  notifications: NotificationDeps;
  /** The YANG file `get-schema` serves for module `esc`. */
  yangFile: string;
}

export interface SessionContext {
  readonly id: number;
  readonly parts: ServerParts;
  subscription: Subscription | undefined;
  /** Frames and writes a notification document on this session; a promise when the transport is full (resolved once it drains). */
  send(xml: string): void | Promise<void>;
  /** Ends the session once the current reply is written (close-session). */
  endAfterReply(): void;
}

export type Reply = 'ok' | readonly XmlNode[];
export type Operation = (session: SessionContext, request: XmlNode) => Promise<Reply>;
