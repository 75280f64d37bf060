import { describe, expect, it } from 'vitest';
import type { Vars } from './case-types.js';
import { loadCorpus } from './case-types.js';
import { expandVars, Normalizers, replaceCommits, replacePaths } from './normalize.js';

const vars: Vars = {
  WORK: '/tmp/bosh-release-AbC',
  RELEASE_DIR: '/tmp/bosh-release-AbC/chain-release',
  HOME: '/tmp/bosh-release-AbC/home',
  OUT: '/tmp/bosh-release-AbC/out',
  CORPUS: '/work/shared/conformance/releases',
};
const normalizers = new Normalizers(loadCorpus().cases.normalizers);
const none = { commits: [] };

describe('expandVars', () => {
  it('expands every known variable', () => {
    expect(expandVars('${OUT}/x.tgz ${RELEASE_DIR} ${CORPUS}/inputs', vars)).toBe(
      '/tmp/bosh-release-AbC/out/x.tgz /tmp/bosh-release-AbC/chain-release /work/shared/conformance/releases/inputs',
    );
  });

  it('rejects an unknown variable', () => {
    expect(() => expandVars('${NOPE}/x', vars)).toThrow(/unknown variable \$\{NOPE\}/);
  });
});

describe('replacePaths', () => {
  it('replaces the longest value first, so RELEASE_DIR/HOME/OUT win over their prefix WORK', () => {
    const text = `${vars.RELEASE_DIR}/jobs ${vars.HOME}/.bosh ${vars.OUT}/a.tgz ${vars.WORK}/target-release`;
    expect(replacePaths(text, vars)).toBe(
      '${RELEASE_DIR}/jobs ${HOME}/.bosh ${OUT}/a.tgz ${WORK}/target-release',
    );
  });

  it('replaces every occurrence and leaves other paths alone', () => {
    expect(replacePaths(`'${vars.RELEASE_DIR}' and '${vars.RELEASE_DIR}/x' /tmp/other`, vars)).toBe(
      "'${RELEASE_DIR}' and '${RELEASE_DIR}/x' /tmp/other",
    );
  });

  it('prefers a longer variable even when it is not the one nested in the other', () => {
    const nested: Vars = { ...vars, WORK: '/w', RELEASE_DIR: '/w/r', HOME: '/w/r/home-inside-release' };
    expect(replacePaths('/w/r/home-inside-release/.bosh /w/r/x /w/y', nested)).toBe(
      '${HOME}/.bosh ${RELEASE_DIR}/x ${WORK}/y',
    );
  });

  it('is the inverse of expandVars on recorded text', () => {
    const recorded =
      "Running command: 'bash -x ${RELEASE_DIR}/packages/b/pre_packaging' in ${WORK}/plain ${OUT}";
    expect(replacePaths(expandVars(recorded, vars), vars)).toBe(recorded);
  });
});

describe('replaceCommits (git-commits)', () => {
  const commits = [
    { short: '8497505', placeholder: '<COMMIT-2>' },
    { short: '0b10110', placeholder: '<COMMIT-3>' },
    { short: 'a1b2c3d', placeholder: '<COMMIT-4>' },
  ];

  it('replaces a double-quoted hash together with its quotes (go-yaml quotes numeric-looking hashes)', () => {
    expect(replaceCommits('commit_hash: "8497505"\n', commits)).toBe('commit_hash: <COMMIT-2>\n');
    expect(replaceCommits('commit_hash: "0b10110"\n', commits)).toBe('commit_hash: <COMMIT-3>\n');
  });

  it('replaces bare hashes, including the dirty "+" suffix of tables', () => {
    expect(replaceCommits('a1b2c3d\t\n8497505+\t\ncommit_hash: a1b2c3d\n', commits)).toBe(
      '<COMMIT-4>\t\n<COMMIT-2>+\t\ncommit_hash: <COMMIT-4>\n',
    );
  });

  it('leaves the 7 chars alone inside a longer hex string such as a fingerprint', () => {
    const fp = `ff8497505${'0'.repeat(55)}`;
    expect(replaceCommits(`version: ${fp}\n`, commits)).toBe(`version: ${fp}\n`);
  });

  it('does nothing without recorded commits, and rejects a non-hash', () => {
    expect(replaceCommits('8497505', [])).toBe('8497505');
    expect(() => replaceCommits('x', [{ short: 'x.*', placeholder: '<C>' }])).toThrow(
      /not a short commit hash/,
    );
  });

  it('runs as the git-commits normalizer of Normalizers.apply', () => {
    expect(normalizers.apply('commit_hash: "8497505"', ['git-commits'], { commits })).toBe(
      'commit_hash: <COMMIT-2>',
    );
  });
});

describe('Normalizers (regexes from cases.json)', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;

  it('archive-digest keeps the width of what it replaces', () => {
    const out = normalizers.apply(`x ${digest}\t`, ['archive-digest'], none);
    expect(out).toBe('x sha256:<ARCHIVE-DIGEST------------------------------------------------>\t');
    expect(out.length).toBe(`x ${digest}\t`.length);
  });

  it('uuid', () => {
    expect(normalizers.apply('id: 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9\n', ['uuid'], none)).toBe(
      'id: <UUID------------------------------>\n',
    );
  });

  it('bosh-tmp stops at quotes, colons, slashes and whitespace, and keeps the $ of ${HOME} literal', () => {
    const text =
      "-C ${HOME}/.bosh/tmp/release-reader-123', x ${HOME}/.bosh/tmp/abc/def ${HOME}/.bosh/tmp/q: e";
    expect(normalizers.apply(text, ['bosh-tmp'], none)).toBe(
      "-C ${HOME}/.bosh/tmp/<TMP>', x ${HOME}/.bosh/tmp/<TMP>/def ${HOME}/.bosh/tmp/<TMP>: e",
    );
  });

  it('timestamp-version only takes a 10-digit unix time', () => {
    expect(normalizers.apply('10.2+dev.1763700000\t 0+dev.12\t', ['timestamp-version'], none)).toBe(
      '10.2+dev.<UNIXTIME>\t 0+dev.12\t',
    );
  });

  it('applies paths first for outputs, then the listed normalizers in order', () => {
    const text = `${vars.HOME}/.bosh/tmp/xyz123 ${vars.HOME}/.bosh/cache/${digest}`;
    expect(normalizers.output(text, ['archive-digest', 'bosh-tmp'], vars, none)).toBe(
      '${HOME}/.bosh/tmp/<TMP> ${HOME}/.bosh/cache/sha256:<ARCHIVE-DIGEST------------------------------------------------>',
    );
  });

  it('rejects an unknown normalizer name', () => {
    expect(() => normalizers.apply('x', ['nope'], none)).toThrow(/unknown normalizer/);
  });
});
