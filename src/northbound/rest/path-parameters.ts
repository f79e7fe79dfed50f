/**
 * Issue 13: a path parameter with a control character (`%00`, `%1b`) names nothing the manager keeps
 * (names refuse them) and must not be echoed into a "not found" message, a log line or an XML
 * answer: it is refused with 400 naming the parameter and the code point, before any route runs.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../../domain/errors.ts';
import { controlCharacterProblem } from '../../domain/limits.ts';
import { syncHook } from './sync-hook.ts';

export function refuseControlCharactersInPath(scope: FastifyInstance): void {
  scope.addHook(
    'onRequest',
    syncHook((request) => {
      for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, string>)) {
        const problem = controlCharacterProblem(value);
        if (problem) throw errors.pathParameterInvalid(name, problem);
      }
    }),
  );
}
