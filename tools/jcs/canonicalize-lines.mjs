// Reads JSON texts, one per line, from stdin and writes each in RFC 8785's canonical form, one per line, as UTF-8:
// the tests compare these bytes with Docket's own canonical writer (CanonicalJson).
import canonicalize from 'canonicalize';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter((line) => line.length > 0);
process.stdout.write(lines.map((line) => canonicalize(JSON.parse(line)) + '\n').join(''));
