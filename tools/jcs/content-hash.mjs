// Recomputes a dataset archive's content hash from its items.ndjson, following docs/dataset-format.md ("Content
// hash") and nothing of Docket's code: for each item line in order, the object of its sha256, page, part and marking
// (marking.fields sorted by field name in UTF-16 code units) in RFC 8785's canonical form, then "\n"; SHA-256 of it
// all in lowercase hex. Usage: node content-hash.mjs items.ndjson
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';

const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const hash = createHash('sha256');
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line.length === 0) continue;
  const item = JSON.parse(line);
  const marking = { ...item.marking, fields: [...item.marking.fields].sort((a, b) => byCodeUnits(a.field, b.field)) };
  hash.update(canonicalize({ sha256: item.sha256, page: item.page, part: item.part, marking }) + '\n', 'utf8');
}
process.stdout.write(hash.digest('hex') + '\n');
