/**
 * A script the manager runs — a rule's script action or a script metric (issue 12 items 3 and 5) —
 * is named by a bare file name of `monitor.scripts.dir`: a separator or a dot name could reach
 * outside that folder.
 */
export function isScriptFileName(name: string): boolean {
  return name !== '' && !/[/\\]/.test(name) && name !== '.' && name !== '..';
}
