// The fingerprint of a space file stored in run.json, so a run is never resumed against a
// different space (encodings would silently mean other architectures).

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

export function hashText(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hashFile(file: string): string {
  return hashText(fs.readFileSync(file));
}
