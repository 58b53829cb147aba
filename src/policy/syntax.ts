// Parses a policy condition with @bufbuild/cel and turns its syntax errors into located PolicyErrors,
// pointing at an unclosed bracket or string when there is one, otherwise where the parser stopped.

import { parse } from '@bufbuild/cel';
import type { PolicyError } from './domain.ts';

/** The parsed form of a condition, as the CEL library gives it. */
export type ParsedCondition = ReturnType<typeof parse>;
/** One node of the CEL abstract syntax tree. */
export type Expr = ParsedCondition['expr'];

/** Longest condition text accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** The condition's syntax tree, or every syntax problem found, located. */
export function parseCondition(
  text: string,
): { ok: true; parsed: ParsedCondition } | { ok: false; errors: PolicyError[] } {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    const message = `the condition is ${text.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are allowed`;
    return { ok: false, errors: [{ offset: 0, message }] };
  }
  if (text.trim() === '') return { ok: false, errors: [{ offset: 0, message: 'the condition is empty' }] };
  try {
    return { ok: true, parsed: parse(text) };
  } catch (err) {
    return { ok: false, errors: [scanForUnbalanced(text) ?? fromParserError(text, err)] };
  }
}

/** Offset of the first non-blank character at or after `offset` (or `offset` itself at the end). */
export function skipBlank(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i < text.length ? i : offset;
}

interface LibraryParseError {
  location: { start: { offset: number } };
  found?: string | null;
  expected?: { type: string; value: string }[];
}

function isLibraryParseError(err: unknown): err is LibraryParseError {
  const loc = (err as { location?: { start?: { offset?: unknown } } } | null)?.location;
  return typeof loc?.start?.offset === 'number';
}

// Explanations of the parser's expectation names that mean nothing to a user.
const UNHELPFUL_EXPECTATIONS = new Set(['whitespace', 'comment', 'end of input', 'selector']);

function fromParserError(text: string, err: unknown): PolicyError {
  if (err instanceof RangeError) {
    return { offset: 0, message: 'the condition is nested too deeply' };
  }
  if (!isLibraryParseError(err)) {
    return { offset: 0, message: `syntax error: ${err instanceof Error ? err.message : String(err)}` };
  }
  const offset = Math.min(err.location.start.offset, text.length);
  if (offset >= text.trimEnd().length) {
    return { offset: text.trimEnd().length, message: 'syntax error: the condition ends too early' };
  }
  const token = tokenAt(text, offset);
  const rest = text.slice(offset + token.length).trim();
  const dangling = rest === '' && OPERATOR.test(token);
  let message = dangling ? `syntax error: '${token}' needs something after it` : `syntax error: unexpected '${token}'`;
  const expected = (err.expected ?? [])
    .map((e) => e.value)
    .filter((v) => !UNHELPFUL_EXPECTATIONS.has(v));
  if (expected.length > 0 && rest !== '') message += `; expected ${[...new Set(expected)].join(', ')}`;
  return { offset, message };
}

const OPERATOR = /^(?:==|!=|<=|>=|&&|\|\||[=!<>&|+\-*/%?:.])/;

/** The token starting at `offset`: an identifier or number, an operator, or one character. */
function tokenAt(text: string, offset: number): string {
  const rest = text.slice(offset);
  const match = /^[A-Za-z0-9_]+/.exec(rest) ?? OPERATOR.exec(rest);
  return match !== null ? match[0] : text[offset];
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Finds an unterminated string or an unmatched bracket, which the parser reports far from its cause.
 * Only consulted once the parser has failed, so a rare mis-scan can only blur a message, never accept
 * a wrong condition.
 */
function scanForUnbalanced(text: string): PolicyError | undefined {
  const open: { char: string; offset: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z0-9_]+/.exec(text.slice(i))![0];
      const quote = text[i + word.length];
      if (/^[rRbB]{1,2}$/.test(word) && (quote === '"' || quote === "'")) {
        const end = skipString(text, i + word.length, /[rR]/.test(word));
        if (end < 0) return { offset: i, message: 'syntax error: this string is never closed' };
        i = end;
      } else {
        i += word.length;
      }
    } else if (c === '"' || c === "'") {
      const end = skipString(text, i, false);
      if (end < 0) return { offset: i, message: 'syntax error: this string is never closed' };
      i = end;
    } else if (c in CLOSER) {
      open.push({ char: c, offset: i++ });
    } else if (c === ')' || c === ']' || c === '}') {
      const top = open.pop();
      if (top === undefined) return { offset: i, message: `syntax error: '${c}' has no matching opening bracket` };
      if (CLOSER[top.char] !== c) {
        return {
          offset: i,
          message: `syntax error: '${c}' does not match '${top.char}' at offset ${top.offset}; expected '${CLOSER[top.char]}'`,
        };
      }
      i++;
    } else {
      i++;
    }
  }
  const unclosed = open.pop();
  return unclosed === undefined
    ? undefined
    : { offset: unclosed.offset, message: `syntax error: '${unclosed.char}' is never closed` };
}

/** Offset just past the string literal whose opening quote is at `start`, or -1 if it never ends. */
function skipString(text: string, start: number, raw: boolean): number {
  const q = text[start];
  const triple = text.startsWith(q.repeat(3), start);
  const closing = triple ? q.repeat(3) : q;
  let i = start + closing.length;
  while (i < text.length) {
    if (!raw && text[i] === '\\') {
      i += 2;
    } else if (text.startsWith(closing, i)) {
      return i + closing.length;
    } else if (!triple && (text[i] === '\n' || text[i] === '\r')) {
      return -1;
    } else {
      i++;
    }
  }
  return -1;
}
