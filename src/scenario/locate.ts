// Maps key paths in a parsed YAML document to 1-based line:col positions, down to a character inside a
// string scalar, and owns the LocatedError shape with its one-line `file:line:col: path: message` form.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/** One problem in a source file; line and col are 1-based, path is formatted by `formatPath`. */
export interface LocatedError { file: string; line: number; col: number; path: string; message: string }

/** A parsed YAML file, kept whole so that any later error can be mapped back to its text (positions are
 * counted from `text`; `lineCounter` is the parser's own, kept for callers that want it). */
export interface YamlSource { file: string; text: string; doc: Document.Parsed; lineCounter: LineCounter }

export interface Position { line: number; col: number }

/** `FILE:LINE:COL: key.path: message`; an empty path prints as `(root)`. */
export function formatLocatedError(e: LocatedError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.path === '' ? '(root)' : e.path}: ${e.message}`;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Dotted key path with array indices as `[n]`; keys that are not plain names print as `["a key"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'symbol') out += `[${String(seg)}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

const lineStartsCache = new WeakMap<object, number[]>();

function lineStarts(source: { text: string }): number[] {
  let starts = lineStartsCache.get(source);
  if (starts === undefined) {
    starts = [0];
    for (let i = source.text.indexOf('\n'); i >= 0; i = source.text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStartsCache.set(source, starts);
  }
  return starts;
}

/**
 * Position of a character offset, clamped to the text so that it always lies inside it. Lines are
 * counted from the text itself: yaml's LineCounter skips line breaks inside tokens it could not parse.
 */
export function positionAt(source: { text: string }, offset: number): Position {
  const clamped = Number.isFinite(offset) ? Math.min(Math.max(0, Math.trunc(offset)), source.text.length) : 0;
  const starts = lineStarts(source);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: clamped - starts[lo] + 1 };
}

type Range = readonly [number, number, number];

function rangeOf(node: unknown): Range | undefined {
  const range = (node as { range?: unknown } | null)?.range;
  return Array.isArray(range) && range.length === 3 ? (range as unknown as Range) : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  const range = rangeOf(node);
  return node == null || (isScalar(node) && node.value == null && range !== undefined && range[0] === range[1]);
}

function keyMatches(key: unknown, seg: PropertyKey): boolean {
  if (isScalar(key)) return String(key.value ?? '') === String(seg);
  return key == null && seg === '';
}

function resolveAlias(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  // A chain of aliases is bounded by the anchors in the file; 64 hops is far beyond any real file.
  for (let hops = 0; hops < 64 && isAlias(current); hops++) current = current.resolve(doc);
  return current;
}

interface Descent { offset: number; keyOffset: number | undefined; complete: boolean; node: unknown }

/** Walks the document along `path`, remembering the start of the deepest node and key reached. */
function descend(source: YamlSource, path: readonly PropertyKey[]): Descent {
  let node: unknown = source.doc.contents;
  let offset = rangeOf(node)?.[0] ?? 0;
  let keyOffset: number | undefined;
  for (const seg of path) {
    const current = resolveAlias(source.doc, node);
    let next: unknown;
    let nextKey: unknown;
    if (isMap(current)) {
      const pair = current.items.find((p) => keyMatches(p.key, seg));
      if (pair === undefined) return { offset, keyOffset, complete: false, node };
      next = pair.value;
      nextKey = pair.key;
    } else if (isSeq(current)) {
      const index = typeof seg === 'number' ? seg : typeof seg === 'string' && /^\d+$/.test(seg) ? Number(seg) : -1;
      if (index < 0 || index >= current.items.length) return { offset, keyOffset, complete: false, node };
      next = current.items[index];
      nextKey = undefined;
    } else {
      return { offset, keyOffset, complete: false, node };
    }
    keyOffset = rangeOf(nextKey)?.[0];
    const start = rangeOf(next)?.[0];
    // An empty value (`key:` with nothing after it) has no text of its own: point at its key instead.
    if (isEmptyScalar(next) || start === undefined) offset = keyOffset ?? offset;
    else offset = start;
    node = next;
  }
  return { offset, keyOffset, complete: true, node };
}

/**
 * Position of the node at `path`: its value by default, or its key with `{ at: 'key' }`; for a path that
 * does not exist (a missing key) the deepest existing ancestor, i.e. the parent map.
 */
export function locatePath(source: YamlSource, path: readonly PropertyKey[], options?: { at?: 'value' | 'key' }): Position {
  const found = descend(source, path);
  if (found.complete && options?.at === 'key' && found.keyOffset !== undefined) return positionAt(source, found.keyOffset);
  return positionAt(source, found.offset);
}

/** Key path of the innermost node whose text contains `offset` (best effort, for syntax errors). */
export function pathAtOffset(doc: Document.Parsed, offset: number): PropertyKey[] {
  const path: PropertyKey[] = [];
  const contains = (n: unknown): boolean => {
    const r = rangeOf(n);
    return r !== undefined && r[0] <= offset && offset < Math.max(r[1], r[0] + 1);
  };
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 256; depth++) {
    if (isMap(node)) {
      // A pair spans from its key to the end of its value, tags and anchors in between included.
      const pair = node.items.find((p) => {
        const start = rangeOf(p.key)?.[0] ?? rangeOf(p.value)?.[0];
        const end = rangeOf(p.value)?.[1] ?? rangeOf(p.key)?.[1];
        return start !== undefined && end !== undefined && start <= offset && offset < Math.max(end, start + 1);
      });
      if (pair === undefined || !isScalar(pair.key)) break;
      path.push(String(pair.key.value ?? ''));
      if (!contains(pair.value)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(contains);
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return path;
}

/** Decoded text of a scalar's source with, for each character, its offset in that source (+ one past the end). */
interface Decoded { text: string; at: number[] }

interface Line { text: string; start: number }

function splitLines(raw: string, base: number): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = raw.indexOf('\n', start);
    const end = nl < 0 ? raw.length : nl;
    const text = raw.slice(start, end > start && raw[end - 1] === '\r' ? end - 1 : end);
    lines.push({ text, start: base + start });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Plain and quoted (flow) scalars: lines are trimmed and folded, escapes decoded for double quotes. */
function decodeFlow(raw: string, base: number, quote: '' | "'" | '"'): Decoded {
  const lines = splitLines(raw, base);
  const out: string[] = [];
  const at: number[] = [];
  let end = base;
  let breaks = 0;
  let escapedBreak = false;
  lines.forEach((line, i) => {
    let { text, start } = line;
    if (i > 0) {
      const lead = text.length - text.trimStart().length;
      text = text.slice(lead);
      start += lead;
    }
    if (i < lines.length - 1) text = text.replace(/[ \t]+$/, '');
    if (i > 0 && text === '' && i < lines.length - 1) { breaks++; return; }
    if (i > 0 && !escapedBreak) {
      if (breaks === 0) { out.push(' '); at.push(end); }
      for (; breaks > 0; breaks--) { out.push('\n'); at.push(start); }
    }
    breaks = 0;
    escapedBreak = false;
    for (let j = 0; j < text.length; j++) {
      const ch = text[j];
      if (quote === "'" && ch === "'" && text[j + 1] === "'") { out.push("'"); at.push(start + j); j++; continue; }
      if (quote === '"' && ch === '\\') {
        const esc = text[j + 1];
        if (esc === undefined) { escapedBreak = true; break; }
        const width = HEX_ESCAPES[esc];
        if (width !== undefined) {
          out.push(String.fromCodePoint(parseInt(text.slice(j + 2, j + 2 + width), 16) || 0));
          at.push(start + j);
          j += 1 + width;
          continue;
        }
        out.push(SIMPLE_ESCAPES[esc] ?? esc);
        at.push(start + j);
        j++;
        continue;
      }
      out.push(ch);
      at.push(start + j);
    }
    end = start + text.length;
  });
  at.push(end);
  return { text: out.join(''), at };
}

/** Block scalars (`|` and `>`) for a given content indentation; the header line is skipped. */
function decodeBlock(raw: string, base: number, folded: boolean, indent: number): Decoded | undefined {
  const nl = raw.indexOf('\n');
  if (nl < 0) return undefined;
  const lines = splitLines(raw.slice(nl + 1), base + nl + 1);
  while (lines.length > 0 && lines[lines.length - 1].text.trim() === '') lines.pop();
  const out: string[] = [];
  const at: number[] = [];
  let prevEnd = base + nl;
  let prevKind: 'none' | 'text' | 'more' = 'none';
  let blank = 0;
  for (const line of lines) {
    if (line.text.trim() === '') { blank++; continue; }
    if (line.text.length < indent || line.text.slice(0, indent).trim() !== '') return undefined;
    const text = line.text.slice(indent);
    const kind = text[0] === ' ' || text[0] === '\t' ? 'more' : 'text';
    let joins = '\n'.repeat(blank);
    if (prevKind !== 'none') {
      if (!folded) joins = '\n'.repeat(blank + 1);
      else if (prevKind === 'text' && kind === 'text') joins = blank === 0 ? ' ' : '\n'.repeat(blank);
      else joins = '\n'.repeat(blank + 1);
    }
    for (const ch of joins) { out.push(ch); at.push(prevEnd); }
    const start = line.start + indent;
    for (let j = 0; j < text.length; j++) { out.push(text[j]); at.push(start + j); }
    prevEnd = start + text.length;
    prevKind = kind;
    blank = 0;
  }
  at.push(prevEnd);
  return { text: out.join(''), at };
}

function decodeScalar(raw: string, base: number, type: string | undefined, value: unknown): Decoded | undefined {
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    if (typeof value !== 'string') return undefined;
    const want = value.replace(/\n+$/, '');
    const firstText = splitLines(raw, 0).slice(1).find((l) => l.text.trim() !== '');
    const maxIndent = firstText === undefined ? 0 : firstText.text.length - firstText.text.trimStart().length;
    // An explicit indentation indicator can make the content less indented than its first line.
    for (let indent = maxIndent; indent >= 0; indent--) {
      const decoded = decodeBlock(raw, base, type === 'BLOCK_FOLDED', indent);
      if (decoded !== undefined && decoded.text === want) return decoded;
    }
    return undefined;
  }
  let decoded: Decoded;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
    const quote = raw[0];
    if ((quote !== '"' && quote !== "'") || raw.length < 2 || raw[raw.length - 1] !== quote) return undefined;
    decoded = decodeFlow(raw.slice(1, -1), base + 1, quote);
  } else if (type === 'PLAIN') {
    decoded = decodeFlow(raw, base, '');
  } else return undefined;
  if (typeof value === 'string' ? decoded.text === value : type === 'PLAIN') return decoded;
  return undefined;
}

/**
 * Position of character `offset` (a UTF-16 index into the decoded string) of the scalar at `path`; an
 * offset at or past the end points just after the last character. Falls back to the scalar's start when
 * its source cannot be mapped exactly (anchors, tags, unusual escapes), and to `locatePath` for non-scalars.
 */
export function locateInScalar(source: YamlSource, path: readonly PropertyKey[], offset: number): Position {
  const found = descend(source, path);
  const fallback = positionAt(source, found.offset);
  const node = found.complete ? resolveAlias(source.doc, found.node) : undefined;
  const range = rangeOf(node);
  if (!isScalar(node) || range === undefined || isEmptyScalar(node)) return fallback;
  const raw = source.text.slice(range[0], range[1]);
  const decoded = decodeScalar(raw, range[0], node.type, node.value);
  if (decoded === undefined) return positionAt(source, range[0]);
  const index = Number.isFinite(offset) ? Math.min(Math.max(0, Math.trunc(offset)), decoded.text.length) : 0;
  return positionAt(source, decoded.at[index]);
}
