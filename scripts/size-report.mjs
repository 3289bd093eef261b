// Prints raw, gzip (level 9) and brotli (quality 11) bytes of every file under a folder, largest
// first, and the total: what a visitor downloads from the release site.
// Usage: node scripts/size-report.mjs dist

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'dist';
const entries = await readdir(root, { recursive: true, withFileTypes: true });
const rows = [];
for (const entry of entries.filter((e) => e.isFile())) {
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  const bytes = await readFile(file);
  rows.push({
    name: path.relative(root, file),
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  });
}
if (rows.length === 0) {
  console.error(`no files under ${root}: build the site first`);
  process.exit(1);
}
rows.sort((a, b) => b.raw - a.raw || a.name.localeCompare(b.name));
const total = ['raw', 'gzip', 'brotli'].reduce(
  (sum, key) => ({ ...sum, [key]: rows.reduce((n, row) => n + row[key], 0) }),
  { name: 'total' },
);
const width = Math.max(...rows.map((row) => row.name.length), 5);
const number = (n) => n.toLocaleString('en-US').padStart(11);
const line = (row) => `${row.name.padEnd(width)}  ${number(row.raw)}  ${number(row.gzip)}  ${number(row.brotli)}`;
console.log(`${'file'.padEnd(width)}  ${'raw B'.padStart(11)}  ${'gzip -9 B'.padStart(11)}  ${'brotli 11 B'.padStart(11)}`);
rows.forEach((row) => console.log(line(row)));
console.log('-'.repeat(width + 39));
console.log(line(total));
