/**
 * Errors with go-yaml v2's exact wording. bosh-cli prints these messages verbatim (`yaml: line 1: did not
 * find expected ',' or ']'`), so the text, not the class, is the contract.
 */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
}

export interface Mark {
  /** Characters (code points) from the start of the input. */
  readonly index: number;
  /** 0-based line. */
  readonly line: number;
  /** 0-based column in code points. */
  readonly column: number;
}

export type ProblemKind = 'reader' | 'scanner' | 'parser';

/**
 * A libyaml failure as the C library records it. It is thrown internally and turned into a YamlSyntaxError
 * by `toGoYamlError`, which applies go-yaml's line-number rules.
 */
export class YamlProblem extends Error {
  readonly context: string;
  readonly contextMark: Mark | undefined;

  constructor(
    readonly kind: ProblemKind,
    readonly problem: string,
    readonly problemMark: Mark | undefined,
    context = '',
    contextMark?: Mark,
  ) {
    super(problem);
    this.context = context;
    this.contextMark = contextMark;
  }
}

/**
 * go-yaml's parser.fail(): the problem mark's line is 0-based, and only scanner errors add one (the scanner
 * has not yet moved past the line). A problem on the first line falls back to the context mark, and
 * line 0 means "no line" at all.
 */
export function toGoYamlError(p: YamlProblem): YamlSyntaxError {
  let line = 0;
  const problemLine = p.problemMark?.line ?? 0;
  const contextLine = p.contextMark?.line ?? 0;
  if (problemLine !== 0) {
    line = p.kind === 'scanner' ? problemLine + 1 : problemLine;
  } else if (contextLine !== 0) {
    line = contextLine;
  }
  const where = line !== 0 ? `line ${line}: ` : '';
  return new YamlSyntaxError(`yaml: ${where}${p.problem}`);
}

/** go-yaml's failf: a decoding error without position. */
export function goYamlFail(message: string): YamlSyntaxError {
  return new YamlSyntaxError(`yaml: ${message}`);
}
