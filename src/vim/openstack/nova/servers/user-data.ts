/**
 * @module Day-0 files without Nova "personality" (removed in compute 2.57): the files of
 * `CreateServerRequest.configDrive` travel in `user_data`, and the server is created with
 * `config_drive: true` so cloud-init reads them from the config drive without a metadata service.
 *
 * Chosen format: a MIME multipart/mixed document (cloud-init's own format for several parts):
 * part 1 is `text/cloud-config` with one `write_files` entry per file (base64 content, so any bytes
 * survive; a relative destination is made absolute under `/`), part 2 is the caller's own
 * `userData` when given, with the content type cloud-init infers from its first line. Without
 * config drive files the caller's `userData` goes through unchanged.
 */
import { stringify } from 'yaml';

export interface Day0Input {
  configDrive?: { path: string; contents: string }[];
  userData?: string;
}

/** The user data to send (plain text, not yet base64), or undefined when there is none. */
export function buildUserData(input: Day0Input): string | undefined {
  const files = input.configDrive ?? [];
  if (files.length === 0) return input.userData;
  const cloudConfig =
    '#cloud-config\n' +
    stringify({
      write_files: files.map((f) => ({
        path: f.path.startsWith('/') ? f.path : `/${f.path}`,
        encoding: 'b64',
        content: Buffer.from(f.contents, 'utf8').toString('base64'),
        permissions: '0644',
      })),
    });
  const parts = [{ type: 'text/cloud-config', name: 'vnfm-day0-files.cfg', body: cloudConfig }];
  if (input.userData) parts.push({ type: partType(input.userData), name: 'user-data', body: input.userData });
  return multipart(parts);
}

/** cloud-init's "starts with" rules (cloudinit/handlers). */
function partType(text: string): string {
  if (text.startsWith('#!')) return 'text/x-shellscript';
  if (text.startsWith('#cloud-config')) return 'text/cloud-config';
  if (text.startsWith('#include')) return 'text/x-include-url';
  if (text.startsWith('#cloud-boothook')) return 'text/cloud-boothook';
  return 'text/plain';
}

function multipart(parts: { type: string; name: string; body: string }[]): string {
  let boundary = '==vnfm-day0==';
  while (parts.some((p) => p.body.includes(boundary))) boundary = `=${boundary}=`;
  const lines = ['Content-Type: multipart/mixed; boundary="' + boundary + '"', 'MIME-Version: 1.0', ''];
  for (const p of parts) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${p.type}; charset="utf-8"`,
      'MIME-Version: 1.0',
      'Content-Transfer-Encoding: 8bit',
      `Content-Disposition: attachment; filename="${p.name}"`,
      '',
      p.body.endsWith('\n') ? p.body.slice(0, -1) : p.body,
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\n');
}
