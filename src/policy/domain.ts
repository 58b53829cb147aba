// The finite domain a policy condition ranges over: its dimensions, their integer codes, row-major
// indexing, validation, and the CEL value each code stands for.

/**
 * A dimension of the finite domain.
 * - `enum`: a CEL `string` variable taking one of `values`; code = index in `values`.
 * - `set`: a CEL `list(string)` variable holding any subset of `values` (at most 8); code = bitmask,
 *   bit i set when `values[i]` is present, so it has 2^values.length codes.
 * - `bool`: a CEL `bool` variable; code 0 = false, 1 = true.
 */
export type Dimension =
  | { name: string; kind: 'enum'; values: readonly string[] }
  | { name: string; kind: 'set'; values: readonly string[] }
  | { name: string; kind: 'bool' };

/** A finite domain: the cartesian product of its dimensions, in this order. */
export interface Domain {
  readonly dims: readonly Dimension[];
}

/** A problem with a policy condition; offset is the 0-based character offset in its text (0 if unknown). */
export interface PolicyError {
  offset: number;
  message: string;
}

/** Largest domain, in points, that is tabulated; bigger domains are refused. */
export const MAX_DOMAIN_POINTS = 1_048_576;

/** Most values a set dimension may have, so its bitmask codes stay small. */
export const MAX_SET_VALUES = 8;

/** Number of codes of one dimension. */
export function dimensionSize(d: Dimension): number {
  switch (d.kind) {
    case 'enum':
      return d.values.length;
    case 'set':
      return 2 ** d.values.length;
    case 'bool':
      return 2;
  }
}

/** Number of points in the domain: the product of its dimension sizes (1 for no dimensions). */
export function domainSize(domain: Domain): number {
  let size = 1;
  for (const d of domain.dims) size *= dimensionSize(d);
  return size;
}

/**
 * Row-major strides, in points: the last dimension has stride 1. Throws RangeError when the domain is
 * too big for 32-bit indices.
 */
export function strides(domain: Domain): Int32Array {
  if (domainSize(domain) > 0x7fffffff) throw new RangeError('domain too big for 32-bit indices');
  const out = new Int32Array(domain.dims.length);
  let stride = 1;
  for (let i = domain.dims.length - 1; i >= 0; i--) {
    out[i] = stride;
    stride *= dimensionSize(domain.dims[i]);
  }
  return out;
}

/**
 * Table index of the point with these codes, one per dimension. Throws RangeError on a wrong count or
 * an out-of-range code. Hot loops should precompute `strides` instead.
 */
export function indexOf(domain: Domain, codes: readonly number[]): number {
  const { dims } = domain;
  if (codes.length !== dims.length) {
    throw new RangeError(`expected ${dims.length} codes, got ${codes.length}`);
  }
  const s = strides(domain);
  let index = 0;
  for (let i = 0; i < dims.length; i++) {
    const code = codes[i];
    if (!Number.isInteger(code) || code < 0 || code >= dimensionSize(dims[i])) {
      throw new RangeError(`code ${code} is out of range for dimension '${dims[i].name}'`);
    }
    index += code * s[i];
  }
  return index;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** Every problem with the domain itself (names, value lists, size), all at once. */
export function validateDomain(domain: Domain): PolicyError[] {
  const errors: PolicyError[] = [];
  const fail = (message: string) => errors.push({ offset: 0, message });
  const seen = new Set<string>();
  for (const d of domain.dims) {
    if (!IDENTIFIER.test(d.name) || RESERVED.has(d.name)) {
      fail(`dimension name ${JSON.stringify(d.name)} is not usable as a CEL variable name`);
    } else if (seen.has(d.name)) {
      fail(`dimension '${d.name}' is declared twice`);
    }
    seen.add(d.name);
    if (d.kind === 'bool') continue;
    if (d.kind === 'enum' && d.values.length === 0) fail(`enum dimension '${d.name}' has no values`);
    if (d.kind === 'set' && d.values.length > MAX_SET_VALUES) {
      fail(`set dimension '${d.name}' has ${d.values.length} values; at most ${MAX_SET_VALUES} are allowed`);
    }
    const duplicate = d.values.find((v, i) => d.values.indexOf(v) !== i);
    if (duplicate !== undefined) fail(`dimension '${d.name}' lists the value "${duplicate}" twice`);
  }
  if (errors.length === 0) {
    const size = domainSize(domain);
    if (size > MAX_DOMAIN_POINTS) {
      const sizes = domain.dims.map((d) => `${d.name}: ${dimensionSize(d)}`).join(', ');
      fail(
        `the domain has ${size} points (${sizes}), more than the ${MAX_DOMAIN_POINTS} that can be tabulated; ` +
          'use fewer dimensions or fewer values',
      );
    }
  }
  return errors;
}

/** The CEL input value of each code of a dimension: a string, a list of strings, or a boolean. */
export type CodeValue = string | readonly string[] | boolean;

/** The CEL input values of a dimension, indexed by code. */
export function codeValues(d: Dimension): CodeValue[] {
  switch (d.kind) {
    case 'enum':
      return [...d.values];
    case 'bool':
      return [false, true];
    case 'set': {
      const out: string[][] = [];
      for (let mask = 0; mask < 2 ** d.values.length; mask++) {
        out.push(d.values.filter((_, i) => (mask & (1 << i)) !== 0));
      }
      return out;
    }
  }
}

/** `name=value` in CEL syntax, e.g. `grade="D"`, `lists=["courtDebt"]`, `flag=true`. */
export function formatAssignment(d: Dimension, code: number): string {
  const value = codeValues(d)[code];
  const text = Array.isArray(value)
    ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]`
    : JSON.stringify(value);
  return `${d.name}=${text}`;
}
