import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCsv } from '../../src/train/data/csv';

function writeCsv(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-csv-')), 'data.csv');
  fs.writeFileSync(file, text);
  return file;
}

test('CSV with a header: label column plus 4 pixels -> 2x2x1 images', () => {
  const ds = loadCsv(writeCsv('label,p1,p2,p3,p4\n1,0,255,51,0\n0,255,255,255,255\n\n'));
  assert.deepEqual(ds.shape, [2, 2, 1]);
  assert.deepEqual([...ds.labels], [1, 0]);
  assert.equal(ds.classes, 2);
  assert.deepEqual([...ds.images.slice(0, 4)].map((v) => Math.round(v * 255)), [0, 255, 51, 0]);
});

test('CSV without a header, label in a named or numbered column, explicit shape', () => {
  const ds = loadCsv(writeCsv('0,0,0,0,2\r\n255,255,255,255,1\r\n'), { labelColumn: 4, shape: [1, 4, 1], classes: 5 });
  assert.deepEqual([...ds.labels], [2, 1]);
  assert.deepEqual(ds.shape, [1, 4, 1]);
  assert.equal(ds.classes, 5);
  assert.equal(ds.images[4], 1);
  const named = loadCsv(writeCsv('a,b,c,d,cls\n0,0,0,0,3\n'), { labelColumn: 'cls' });
  assert.deepEqual([...named.labels], [3]);
});

test('a bad row is an error naming the file and the line', () => {
  const file = writeCsv('label,p1,p2,p3,p4\n1,0,0,0,0\n2,0,x,0,0\n');
  assert.throws(() => loadCsv(file), (e: Error) => e.message.startsWith(file) && /line 3, column 3: pixel value "x"/.test(e.message));
  const short = writeCsv('1,0,0,0,0\n1,0,0,0\n');
  assert.throws(() => loadCsv(short), (e: Error) => e.message.startsWith(short) && /line 2: 4 columns, expected 5/.test(e.message));
  const badLabel = writeCsv('1,0,0,0,0\n-1,0,0,0,0\n');
  assert.throws(() => loadCsv(badLabel), /line 2: label "-1" is not a whole number/);
  const outOfRange = writeCsv('1,0,0,0,300\n');
  assert.throws(() => loadCsv(outOfRange), /line 1, column 5: pixel value "300" is not a number in 0..255/);
});

test('CSV shape problems are errors naming the file', () => {
  const file = writeCsv('1,0,0,0,0,0\n');
  assert.throws(() => loadCsv(file), (e: Error) => e.message.startsWith(file) && /5 pixel columns are neither/.test(e.message));
  assert.throws(() => loadCsv(file, { shape: [2, 2, 1] }), /5 pixel columns do not make one image of \[2, 2, 1\]/);
  assert.throws(() => loadCsv(writeCsv('\n\n')), /empty CSV file/);
  assert.throws(() => loadCsv(writeCsv('label,p\n')), /no data rows after the header/);
  assert.throws(() => loadCsv(writeCsv('0,1,2,3,4\n'), { labelColumn: 'label' }), /no header row/);
  assert.throws(() => loadCsv(writeCsv('0,1,2,3,4\n'), { classes: 1, labelColumn: 4 }), /: line 1: label 4 is outside the 1 classes 0\.\.0$/);
});
