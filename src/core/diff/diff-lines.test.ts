// Port of bosh-director spec/unit/bosh/director/manifest/diff_lines_spec.rb (expected lines verbatim).
import { describe, expect, it } from 'vitest';
import { lineToString, orderDiffLines, type DiffLine } from './diff-lines.js';

const lines = (...spec: Array<[number, string]>): DiffLine[] =>
  spec.map(([indent, text]) => ({ indent, text, status: null }));

const cases: Array<{ name: string; input: DiffLine[]; before: string[]; after: string[] }> = [
  {
    name: 'simple',
    input: lines([0, 'jobs:'], [0, 'variables:'], [0, 'azs:']),
    before: ['jobs:', 'variables:', 'azs:'],
    after: ['azs:', '', 'jobs:', '', 'variables:'],
  },
  {
    name: 'indented',
    input: lines(
      [0, 'vm_extensions:'],
      [0, '- name: pub-lbs'],
      [1, 'cloud_properties:'],
      [2, 'elbs: [main]'],
      [0, 'variables:'],
      [0, '- name: new-var'],
      [1, 'type: password'],
      [1, 'default: secret'],
      [0, 'vm_types:'],
      [0, '  - name: default'],
      [1, 'cloud_properties: {instance_type: m1.small, availability_zone: us-east-1c}'],
      [0, 'jobs:'],
      [0, '- name: job1'],
      [0, '  properties:'],
      [2, 'foo: bar'],
      [0, 'azs:'],
      [0, '- name: z1'],
      [1, 'cloud_properties:'],
      [2, 'baz: qux'],
    ),
    before: [
      'vm_extensions:',
      '- name: pub-lbs',
      '  cloud_properties:',
      '    elbs: [main]',
      'variables:',
      '- name: new-var',
      '  type: password',
      '  default: secret',
      'vm_types:',
      '  - name: default',
      '  cloud_properties: {instance_type: m1.small, availability_zone: us-east-1c}',
      'jobs:',
      '- name: job1',
      '  properties:',
      '    foo: bar',
      'azs:',
      '- name: z1',
      '  cloud_properties:',
      '    baz: qux',
    ],
    after: [
      'azs:',
      '- name: z1',
      '  cloud_properties:',
      '    baz: qux',
      '',
      'vm_types:',
      '  - name: default',
      '  cloud_properties: {instance_type: m1.small, availability_zone: us-east-1c}',
      '',
      'vm_extensions:',
      '- name: pub-lbs',
      '  cloud_properties:',
      '    elbs: [main]',
      '',
      'jobs:',
      '- name: job1',
      '  properties:',
      '    foo: bar',
      '',
      'variables:',
      '- name: new-var',
      '  type: password',
      '  default: secret',
    ],
  },
  {
    name: 'extra sections go last, in order of appearance',
    input: lines([0, 'foo:'], [0, '  bar: baz'], [0, 'jobs:'], [0, 'azs:']),
    before: ['foo:', '  bar: baz', 'jobs:', 'azs:'],
    after: ['azs:', '', 'jobs:', '', 'foo:', '  bar: baz'],
  },
];

describe('orderDiffLines (diff_lines_spec)', () => {
  it.each(cases)('re-orders lines by the manifest key order: $name', ({ input, before, after }) => {
    expect(input.map(lineToString)).toEqual(before);
    expect(orderDiffLines(input).map(lineToString)).toEqual(after);
  });
});

describe('orderDiffLines (Ruby quirks)', () => {
  it('keys sections by their whole first line: only bare `name:` sorts as `name`', () => {
    const out = orderDiffLines(lines([0, 'update:'], [0, 'name: b'], [0, 'name:'], [1, 'x: 1']));
    expect(out.map(lineToString)).toEqual(['name:', '  x: 1', '', 'update:', '', 'name: b']);
  });

  it('lets a repeated heading replace the earlier section, keeping its position', () => {
    const out = orderDiffLines(lines([0, 'foo:'], [1, 'a: 1'], [0, 'bar:'], [0, 'foo:'], [0, '- 2']));
    expect(out.map(lineToString)).toEqual(['foo:', '- 2', '', 'bar:']);
  });

  it('fails like Ruby when the first line is not a heading', () => {
    expect(() => orderDiffLines(lines([0, '- x']))).toThrow("undefined method '<<' for nil");
  });

  it('orders nothing into nothing', () => {
    expect(orderDiffLines([])).toEqual([]);
  });
});
