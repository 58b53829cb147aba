// Turns zod 4 issues into plain-word messages with key paths: an error map for leaf issues, union
// flattening to the option the user most likely meant, and unknown-key hints found by walking the schema.
import type { ZodType, core } from 'zod';

/** A problem ready to be located: `at: 'key'` points at the key itself rather than its value. */
export interface PathedIssue { path: PropertyKey[]; message: string; at: 'value' | 'key' }

/** Fields of a zod issue (raw or final) that the messages read; all optional because codes differ. */
interface IssueFields {
  code?: string; path?: PropertyKey[]; message?: string; input?: unknown; expected?: string; origin?: string;
  minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; exact?: boolean; values?: unknown[];
  format?: string; pattern?: string; prefix?: string; suffix?: string; includes?: string; divisor?: number;
  keys?: string[]; errors?: IssueFields[][]; issues?: IssueFields[]; discriminator?: string; options?: unknown[];
}

const EXPECTED_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'an integer', bigint: 'an integer', boolean: 'true or false',
  object: 'a mapping', record: 'a mapping', map: 'a mapping', array: 'a list', tuple: 'a list', set: 'a list',
  null: 'an empty value', undefined: 'nothing', date: 'a date', nan: '.nan', never: 'nothing here',
};

function expectedWord(expected: string | undefined): string {
  return EXPECTED_WORDS[expected ?? ''] ?? `a ${expected ?? 'value'}`;
}

/** How a user would name a YAML value they wrote. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function joinAlternatives(words: string[]): string {
  const unique = [...new Set(words)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

/** Levenshtein distance, cut short once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length];
}

/** The closest candidate: a case-insensitive match, else the nearest within edit distance 2. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const sameCase = candidates.find((c) => c !== word && c.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(word, c, 2);
    // A distance as large as the word itself means nothing of it was kept: no useful hint.
    if (d > 0 && d < bestDistance && d < Math.max(word.length, c.length)) { best = c; bestDistance = d; }
  }
  return best;
}

function hint(word: unknown, candidates: readonly unknown[]): string {
  if (typeof word !== 'string') return '';
  const match = closestMatch(word, candidates.filter((c): c is string => typeof c === 'string'));
  return match === undefined ? '' : `; did you mean ${JSON.stringify(match)}?`;
}

function sizeMessage(i: IssueFields, small: boolean): string {
  const n = small ? i.minimum : i.maximum;
  const most = small ? 'least' : 'most';
  switch (i.origin) {
    case 'string':
      if (i.exact) return `must be exactly ${n} characters long`;
      if (small && Number(n) === 1) return 'must not be empty';
      return `must be at ${most} ${n} character${Number(n) === 1 ? '' : 's'} long`;
    case 'array': case 'set':
      if (i.exact) return `must have exactly ${n} item${Number(n) === 1 ? '' : 's'}`;
      return `must have at ${most} ${n} item${Number(n) === 1 ? '' : 's'}`;
    case 'date':
      return `must be ${small ? 'on or after' : 'on or before'} ${String(n)}`;
    default:
      if (i.inclusive === false) return `must be ${small ? 'greater' : 'less'} than ${n}`;
      return `must be at ${most} ${n}`;
  }
}

function leafMessage(i: IssueFields): string | undefined {
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined) return 'required';
      return `expected ${expectedWord(i.expected)}, got ${describeValue(i.input)}`;
    case 'too_small': return sizeMessage(i, true);
    case 'too_big': return sizeMessage(i, false);
    case 'invalid_value': {
      const values = i.values ?? [];
      const want = values.length === 1 ? `must be ${literal(values[0])}` : `must be one of ${values.map(literal).join(', ')}`;
      return `${want}, got ${describeValue(i.input)}${hint(i.input, values)}`;
    }
    case 'invalid_format':
      if (i.format === 'regex') return `must match the pattern ${i.pattern ?? ''}`;
      if (i.format === 'starts_with') return `must start with ${JSON.stringify(i.prefix)}`;
      if (i.format === 'ends_with') return `must end with ${JSON.stringify(i.suffix)}`;
      if (i.format === 'includes') return `must contain ${JSON.stringify(i.includes)}`;
      return `must be a valid ${i.format ?? 'value'}`;
    case 'not_multiple_of': return `must be a multiple of ${i.divisor}`;
    case 'custom': return 'is not valid';
    case 'invalid_union': {
      if (i.discriminator === undefined) return undefined;
      const options = i.options ?? [];
      const got = (i.input as Record<string, unknown> | null | undefined)?.[i.discriminator];
      if (got === undefined) return `required: must be one of ${options.map(literal).join(', ')}`;
      return `must be one of ${options.map(literal).join(', ')}, got ${describeValue(got)}${hint(got, options)}`;
    }
    default: return undefined;
  }
}

/**
 * Per-parse zod error map giving plain-word messages; messages a schema sets itself (`error:` params,
 * refine messages) take precedence over it in zod 4 and are kept as written.
 */
export const plainWordsErrorMap = (issue: core.$ZodRawIssue): string | undefined => {
  try {
    return leafMessage(issue as unknown as IssueFields);
  } catch {
    return undefined;
  }
};

type Def = Record<string, unknown> & { type?: string };
const WALK_LIMIT = 2000;

function defOf(schema: unknown): Def | undefined {
  const def = (schema as { _zod?: { def?: unknown } } | null | undefined)?._zod?.def;
  return typeof def === 'object' && def !== null ? (def as Def) : undefined;
}

/** The schemas a value may actually be checked against: wrappers, unions, pipes and lazies unwrapped. */
function expand(schema: unknown, out: Set<unknown>, seen: Set<unknown>): void {
  const def = defOf(schema);
  if (def === undefined || seen.has(schema) || seen.size > WALK_LIMIT) return;
  seen.add(schema);
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'catch': case 'readonly':
    case 'nonoptional': case 'success': case 'promise':
      expand(def.innerType, out, seen);
      return;
    case 'pipe': expand(def.in, out, seen); expand(def.out, out, seen); return;
    case 'intersection': expand(def.left, out, seen); expand(def.right, out, seen); return;
    case 'lazy': expand((def.getter as () => unknown)(), out, seen); return;
    case 'union': for (const option of (def.options as unknown[]) ?? []) expand(option, out, seen); return;
    default: out.add(schema);
  }
}

function child(schema: unknown, seg: PropertyKey): unknown[] {
  const def = defOf(schema);
  switch (def?.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      if (typeof seg === 'string' && Object.hasOwn(shape, seg)) return [shape[seg]];
      return def.catchall !== undefined && defOf(def.catchall)?.type !== 'never' ? [def.catchall] : [];
    }
    case 'array': return typeof seg === 'number' ? [def.element] : [];
    case 'tuple': {
      const items = def.items as unknown[];
      return typeof seg === 'number' && seg < items.length ? [items[seg]] : def.rest == null ? [] : [def.rest];
    }
    case 'record': case 'map': return [def.valueType];
    default: return [];
  }
}

function keysOf(schema: unknown): string[] {
  const def = defOf(schema);
  if (def?.type === 'object') return Object.keys(def.shape as Record<string, unknown>);
  if (def?.type !== 'record') return [];
  const keySchemas = new Set<unknown>();
  expand(def.keyType, keySchemas, new Set());
  const keys: string[] = [];
  for (const k of keySchemas) {
    const kd = defOf(k);
    if (kd?.type === 'enum') keys.push(...Object.values(kd.entries as Record<string, unknown>).map(String));
    if (kd?.type === 'literal') keys.push(...(kd.values as unknown[]).map(String));
  }
  return keys;
}

/** Keys the schema knows for the mapping at `path`, over every union option that reaches it. */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  try {
    let current = new Set<unknown>();
    expand(schema, current, new Set());
    for (const seg of path) {
      const next = new Set<unknown>();
      for (const s of current) for (const c of child(s, seg)) expand(c, next, new Set());
      current = next;
    }
    const keys = new Set<string>();
    for (const s of current) for (const k of keysOf(s)) keys.add(k);
    return [...keys];
  } catch {
    return [];
  }
}

function rootFailure(option: IssueFields[]): IssueFields | undefined {
  return option.find((i) => (i.path ?? []).length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));
}

/** Lower is likelier: options failing on the value's type, then on a literal tag, rank last. */
function optionScore(option: IssueFields[]): number {
  let score = option.length;
  if (rootFailure(option) !== undefined) score += 1000;
  for (const i of option) if (i.code === 'invalid_value' && (i.path ?? []).length === 1) score += 100;
  return score;
}

function alternativeWord(i: IssueFields): string {
  if (i.code === 'invalid_value') return (i.values ?? []).map(literal).join(' or ');
  return expectedWord(i.expected);
}

function flattenInto(issue: IssueFields, prefix: PropertyKey[], schema: ZodType<unknown>, out: PathedIssue[], depth: number): void {
  const path = [...prefix, ...(issue.path ?? [])];
  const message = issue.message ?? 'is not valid';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, path);
    for (const key of issue.keys ?? []) {
      out.push({ path: [...path, key], at: 'key', message: `unknown key ${JSON.stringify(key)}${hint(key, known)}` });
    }
    return;
  }
  if (issue.code === 'invalid_union' && (issue.errors?.length ?? 0) > 0 && depth < 32) {
    const options = issue.errors ?? [];
    const failures = options.map(rootFailure);
    if (failures.every((f) => f !== undefined)) {
      if (issue.input === undefined) { out.push({ path, at: 'value', message: 'required' }); return; }
      const words = failures.map((f) => alternativeWord(f as IssueFields));
      out.push({ path, at: 'value', message: `expected ${joinAlternatives(words)}, got ${describeValue(issue.input)}` });
      return;
    }
    let best = options[0];
    for (const option of options) if (optionScore(option) < optionScore(best)) best = option;
    for (const inner of best) flattenInto(inner, path, schema, out, depth + 1);
    return;
  }
  if (issue.code === 'invalid_key') {
    const inner = (issue.issues ?? []).map((i) => i.message).filter(Boolean).join('; ');
    out.push({ path, at: 'key', message: `invalid key${inner === '' ? '' : `: ${inner}`}` });
    return;
  }
  if (issue.code === 'invalid_element') {
    const inner = (issue.issues ?? []).map((i) => i.message).filter(Boolean).join('; ');
    out.push({ path, at: 'value', message: `invalid element${inner === '' ? '' : `: ${inner}`}` });
    return;
  }
  if (issue.code === 'invalid_union' && issue.discriminator === undefined && message === 'Invalid input') {
    const many = issue.inclusive === false;
    out.push({ path, at: 'value', message: many ? 'matches more than one of the allowed forms' : 'does not match any of the allowed forms' });
    return;
  }
  out.push({ path, at: 'value', message: message.replace(/\s*\n\s*/g, ' ') });
}

/** Final zod issues as located-to-be problems, unions reduced to their likeliest option. */
export function flattenIssues(issues: readonly core.$ZodIssue[], schema: ZodType<unknown>): PathedIssue[] {
  const out: PathedIssue[] = [];
  for (const issue of issues) flattenInto(issue as unknown as IssueFields, [], schema, out, 0);
  return out;
}
