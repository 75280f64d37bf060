import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, type ReleaseCase, type Vars } from './case-types.js';
import { type CommitRecord, expandVars, Normalizers } from './normalize.js';

// Round trip over the whole corpus: every recorded (normalized) stdout, stderr, file and release.MF is filled
// with real-looking values — random digests and UUIDs, a temp dir, a unix time, commit hashes (numeric ones
// quoted in YAML, as go-yaml does), absolute paths — and normalizing that again must give the recording back.
// It also catches a placeholder in a recording whose step does not list the matching normalizer.
const corpus = loadCorpus();
const normalizers = new Normalizers(corpus.cases.normalizers);
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const uuid = (): string => {
  const h = hex(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
// Short hashes chosen to look like YAML numbers (go-yaml quotes them) and not to.
const SHORTS = ['8497505', '0865280', '1234e56', 'c0ffee1', 'deadbee', '0b10110', '7f3a9c2', '5e12345'];
const looksNumeric = (s: string): boolean => /^[0-9]+$/.test(s) || /^[0-9]+e[0-9]+$/.test(s);
const vars: Vars = {
  WORK: '/tmp/bosh-release-Zq9',
  RELEASE_DIR: '/tmp/bosh-release-Zq9/chain-release',
  HOME: '/tmp/bosh-release-Zq9/home',
  OUT: '/tmp/bosh-release-Zq9/out',
  CORPUS: corpus.root,
};

const PLACEHOLDERS: readonly [string, RegExp][] = [
  ['archive-digest', /sha256:<ARCHIVE-DIGEST-+>/g],
  ['uuid', /<UUID-+>/g],
  ['bosh-tmp', /\$\{HOME\}\/\.bosh\/tmp\/<TMP>/g],
  ['timestamp-version', /\+dev\.<UNIXTIME>/g],
  ['git-commits', /<COMMIT-\d+>/g],
];

function commitsOf(c: ReleaseCase): CommitRecord[] {
  const made = c.steps.flatMap((s) => (s.op === 'git_commit' && s.deterministic === false ? [s] : []));
  return made.map((s, i) => ({
    short: SHORTS[i % SHORTS.length] ?? 'abcdef0',
    placeholder: s.placeholder ?? `<COMMIT-${s.ordinal}>`,
  }));
}

/** Fills the placeholders of the listed normalizers with fresh real-looking values. */
function denormalize(
  text: string,
  names: readonly string[],
  commits: readonly CommitRecord[],
  yaml: boolean,
) {
  let out = text;
  for (const [name, re] of PLACEHOLDERS) {
    if (!names.includes(name)) continue;
    out = out.replace(re, (m) => {
      if (name === 'archive-digest') return `sha256:${hex(32)}`;
      if (name === 'uuid') return uuid();
      if (name === 'bosh-tmp') return `\${HOME}/.bosh/tmp/release-${hex(4)}`;
      if (name === 'timestamp-version') return `+dev.${String(1763700000 + (randomBytes(1)[0] ?? 0))}`;
      const short = commits.find((c) => c.placeholder === m)?.short;
      if (short === undefined) throw new Error(`${m} is no deterministic:false commit of this case`);
      return yaml && looksNumeric(short) ? `"${short}"` : short;
    });
  }
  return out;
}

interface Sample {
  label: string;
  file: string;
  names: string[];
  output: boolean;
}

function samples(c: ReleaseCase): Sample[] {
  return c.steps.flatMap((s) => {
    if (s.op !== 'bosh') return [];
    const e = s.expect;
    return [
      { label: `${s.id} stdout`, file: e.stdout, names: e.stdout_normalize, output: true },
      { label: `${s.id} stderr`, file: e.stderr, names: e.stderr_normalize, output: true },
      ...(s.files ?? []).flatMap((f) =>
        f.compare === 'normalized' && f.expected !== undefined
          ? [{ label: `${s.id} ${f.path}`, file: f.expected, names: f.normalize ?? [], output: false }]
          : [],
      ),
      ...(s.tarballs ?? []).map((t) => ({
        label: `${s.id} ${t.path} release.MF`,
        file: t.release_mf,
        names: t.release_mf_normalize,
        output: false,
      })),
    ];
  });
}

describe('normalizers reproduce every recording from real-looking values', () => {
  it.each(corpus.cases.cases.map((c): [string, ReleaseCase] => [c.id, c]))('%s', (_id, c) => {
    const commits = commitsOf(c);
    for (const s of samples(c)) {
      const recorded = readFileSync(join(corpus.root, s.file), 'utf8');
      for (const [name, re] of PLACEHOLDERS) {
        if (!s.names.includes(name) && re.test(recorded))
          throw new Error(`${s.label}: has ${name} placeholders`);
        re.lastIndex = 0;
      }
      const real = denormalize(recorded, s.names, commits, !s.output);
      const back = s.output
        ? normalizers.output(expandVars(real, vars), s.names, vars, { commits })
        : normalizers.apply(real, s.names, { commits });
      expect(back, s.label).toBe(recorded);
    }
  });
});
