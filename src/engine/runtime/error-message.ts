/** The text of whatever was thrown, for event and callback messages. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
