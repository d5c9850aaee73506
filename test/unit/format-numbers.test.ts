import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCompact, formatMetric, groupDigits } from '../../src/protocol/formatMetric';

test('metric values: integers grouped, others to four significant digits, tiny and huge ones in exponent form', () => {
  const cases: [number | undefined, string][] = [
    [14797448064, '14,797,448,064'], [-1234, '-1,234'], [0, '0'], [2, '2'],
    [91.57, '91.57'], [84.3, '84.30'], [0.91234, '0.9123'], [0.0123, '0.01230'], [5.123456, '5.123'],
    [1234.56, '1,234.6'], [-1234567.89, '-1,234,567.9'], [0.00012345, '1.234e-4'], [1e16, '1.000e+16'],
    [undefined, '-'], [NaN, '-'], [Infinity, 'Infinity'],
  ];
  for (const [v, text] of cases) assert.equal(formatMetric(v), text, String(v));
});

test('counts group their digits, BigInt strings too; anything else is left as it is', () => {
  assert.equal(groupDigits('43046721'), '43,046,721');
  assert.equal(groupDigits(123456789012345678901n), '123,456,789,012,345,678,901');
  assert.equal(groupDigits(999), '999');
  assert.equal(groupDigits('1234.5'), '1,234.5');
  assert.equal(groupDigits('n/a'), 'n/a');
});

test('compact counts: three significant digits and a unit, rounding up into the next unit', () => {
  const cases: [number, string][] = [[999, '999'], [1000, '1.00k'], [1234567, '1.23M'], [999_999, '1.00M'], [2.47e9, '2.47G'], [5e12, '5.00T'], [-1234567, '-1.23M'], [12.5, '12.50']];
  for (const [v, text] of cases) assert.equal(formatCompact(v), text, String(v));
});
