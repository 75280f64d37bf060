import type { RegexNormalizer, Vars, VarName } from './case-types.js';

/** A `deterministic:false` commit made earlier in the case: its short hash and its `<COMMIT-n>` placeholder. */
export interface CommitRecord {
  short: string;
  placeholder: string;
}

const VAR_NAMES: readonly VarName[] = ['WORK', 'RELEASE_DIR', 'HOME', 'OUT', 'CORPUS'];

function isVarName(name: string): name is VarName {
  return (VAR_NAMES as readonly string[]).includes(name);
}

/** Replaces every `${NAME}` by its value; an unknown name is a corpus/harness mismatch and throws. */
export function expandVars(text: string, vars: Vars): string {
  return text.replace(/\$\{([A-Z_]+)\}/g, (_m, name: string) => {
    if (!isVarName(name)) throw new Error(`unknown variable \${${name}} in ${JSON.stringify(text)}`);
    return vars[name];
  });
}

/** The `paths` normalizer: each variable's absolute value becomes `${NAME}`, longest value first. */
export function replacePaths(text: string, vars: Vars): string {
  const byLength = VAR_NAMES.map((name) => ({ name, value: vars[name] }))
    .filter((v) => v.value !== '')
    .sort((a, b) => b.value.length - a.value.length);
  let out = text;
  for (const { name, value } of byLength) out = out.split(value).join(`\${${name}}`);
  return out;
}

/**
 * The `git-commits` normalizer. A double-quoted hash (go-yaml quotes one that reads as a number) is replaced with
 * its quotes; a bare one only when no hex digit touches it, so a fingerprint that happens to contain the 7 chars
 * is left alone.
 */
export function replaceCommits(text: string, commits: readonly CommitRecord[]): string {
  let out = text;
  for (const { short, placeholder } of commits) {
    if (!/^[0-9a-f]{4,40}$/.test(short)) throw new Error(`not a short commit hash: ${JSON.stringify(short)}`);
    out = out.split(`"${short}"`).join(placeholder);
    out = out.replace(new RegExp(`(?<![0-9a-f])${short}(?![0-9a-f])`, 'g'), placeholder);
  }
  return out;
}

export interface NormalizeContext {
  commits: readonly CommitRecord[];
}

/** The named normalizers of `cases.json`; regex ones come from the corpus, `paths` and `git-commits` are code. */
export class Normalizers {
  private readonly regexes = new Map<string, { regex: RegExp; replace: string }>();

  constructor(spec: Readonly<Record<string, RegexNormalizer | string>>) {
    for (const [name, value] of Object.entries(spec)) {
      if (typeof value === 'string') continue;
      // No `u` flag: the corpus writes `\'` inside a class, an identity escape that only non-unicode mode allows.
      this.regexes.set(name, { regex: new RegExp(value.regex, 'g'), replace: value.replace });
    }
    for (const name of ['archive-digest', 'uuid', 'bosh-tmp', 'timestamp-version']) {
      if (!this.regexes.has(name)) throw new Error(`cases.json lacks the ${name} normalizer`);
    }
  }

  /** Applies `names` in order. A function replacement keeps `$` in placeholders literal (`${HOME}`). */
  apply(text: string, names: readonly string[], ctx: NormalizeContext): string {
    let out = text;
    for (const name of names) {
      if (name === 'git-commits') {
        out = replaceCommits(out, ctx.commits);
        continue;
      }
      const n = this.regexes.get(name);
      if (n === undefined) throw new Error(`unknown normalizer ${JSON.stringify(name)}`);
      out = out.replace(n.regex, () => n.replace);
    }
    return out;
  }

  /** stdout/stderr: `paths` first, then the listed normalizers. */
  output(text: string, names: readonly string[], vars: Vars, ctx: NormalizeContext): string {
    return this.apply(replacePaths(text, vars), names, ctx);
  }
}
