/**
 * The tokens of a go-patch pointer (`patch/tokens.go`). A pointer always starts with a root token; the rest
 * address map keys, array indexes, array items matched by `key=value`, or the slot after the last item (`-`).
 */

/** `:prev`/`:next` shift an index; `:before`/`:after` turn a final index into an insertion point. */
export type Modifier = 'prev' | 'next' | 'before' | 'after';

export interface RootToken {
  readonly kind: 'root';
}

/** An array index. Go's `int` is 64-bit, so the index is a bigint (kept exact in error messages). */
export interface IndexToken {
  readonly kind: 'index';
  readonly index: bigint;
  readonly modifiers: readonly Modifier[];
}

/** `-` as the last token: the position after the last array item. */
export interface AfterLastIndexToken {
  readonly kind: 'after-last-index';
}

/** `key=value`: the one array item that is a map whose `key` holds the string `value`. */
export interface MatchingIndexToken {
  readonly kind: 'matching-index';
  readonly key: string;
  readonly value: string;
  readonly optional: boolean;
  readonly modifiers: readonly Modifier[];
}

/** A map key (always a string key). */
export interface KeyToken {
  readonly kind: 'key';
  readonly key: string;
  readonly optional: boolean;
}

export type Token = RootToken | IndexToken | AfterLastIndexToken | MatchingIndexToken | KeyToken;

/** The Go type names that `%T` prints for modifiers and tokens in some go-patch messages. */
export const MODIFIER_GO_TYPES: Readonly<Record<Modifier, string>> = {
  prev: 'patch.PrevModifier',
  next: 'patch.NextModifier',
  before: 'patch.BeforeModifier',
  after: 'patch.AfterModifier',
};

export const TOKEN_GO_TYPES: Readonly<Record<Token['kind'], string>> = {
  root: 'patch.RootToken',
  index: 'patch.IndexToken',
  'after-last-index': 'patch.AfterLastIndexToken',
  'matching-index': 'patch.MatchingIndexToken',
  key: 'patch.KeyToken',
};
