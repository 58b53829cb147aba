// Tabulates a CEL policy condition over every point of a finite domain into a typed lookup table, once
// at load, so the simulator's hot loop indexes an array instead of evaluating an expression.

import { celError, celType, isCelError, isCelUint, plan, type CelResult } from '@bufbuild/cel';
import { checkCondition, createConditionEnv } from './check.ts';
import {
  codeValues,
  dimensionSize,
  domainSize,
  formatAssignment,
  validateDomain,
  type CodeValue,
  type Dimension,
  type Domain,
  type PolicyError,
} from './domain.ts';
import { parseCondition, skipBlank } from './syntax.ts';

export { dimensionSize, domainSize, indexOf, strides, MAX_DOMAIN_POINTS, MAX_SET_VALUES } from './domain.ts';
export type { Dimension, Domain, PolicyError } from './domain.ts';

/** A condition's value at every domain point, indexed as `indexOf` / `strides` say; bools are 0 or 1. */
export type Tabulated = { kind: 'bool'; table: Uint8Array } | { kind: 'number'; table: Float64Array };

/** The table, or every problem found, located in the condition's text. */
export type TabulateResult = { ok: true; value: Tabulated } | { ok: false; errors: PolicyError[] };

/** Most distinct evaluation failures reported for one condition; one per failing subexpression. */
const MAX_EVALUATION_ERRORS = 5;

/**
 * Evaluates the CEL condition `expr` at every point of `domain` and tabulates the results.
 * With `expect` 'bool' every result must be a bool; with 'number' an int, uint or double, stored as
 * a finite JS number. The domain's dimension names are the only variables. Nothing in `expr` is run
 * as JavaScript: it is parsed, checked and interpreted by @bufbuild/cel.
 */
export function tabulate(expr: string, domain: Domain, expect: 'bool' | 'number'): TabulateResult {
  const domainErrors = validateDomain(domain);
  if (domainErrors.length > 0) return { ok: false, errors: domainErrors };
  const parsed = parseCondition(expr);
  if (!parsed.ok) return parsed;
  const env = createConditionEnv(domain);
  const checked = checkCondition(parsed.parsed, expr, domain, env);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };

  let evaluate: (bindings: Record<string, CodeValue>) => CelResult;
  try {
    const planned = plan(env, parsed.parsed);
    evaluate = (bindings) => planned(bindings as Parameters<typeof planned>[0]);
  } catch (err) {
    return { ok: false, errors: [{ offset: 0, message: `cannot evaluate the condition: ${describe(err)}` }] };
  }

  // A condition usually reads few dimensions: evaluate over those alone, then copy along the rest.
  const usedDims = domain.dims.filter((_, i) => checked.used[i]);
  const positions = parsed.parsed.sourceInfo?.positions ?? {};
  const offsetOfId = (id: bigint | undefined): number =>
    id === undefined ? 0 : skipBlank(expr, positions[id.toString()] ?? 0);
  const sub = evaluateEverywhere(evaluate, usedDims, expect, offsetOfId);
  if (!sub.ok) return sub;
  const table = broadcast(sub.table, domain, checked.used);
  return {
    ok: true,
    value: expect === 'bool' ? { kind: 'bool', table: table as Uint8Array } : { kind: 'number', table: table as Float64Array },
  };
}

type Table = Uint8Array | Float64Array;

/** Evaluates at every point of the product of `dims`, row-major, stopping only at the end. */
function evaluateEverywhere(
  evaluate: (bindings: Record<string, CodeValue>) => CelResult,
  dims: readonly Dimension[],
  expect: 'bool' | 'number',
  offsetOfId: (id: bigint | undefined) => number,
): { ok: true; table: Table } | { ok: false; errors: PolicyError[] } {
  const k = dims.length;
  const sizes = dims.map(dimensionSize);
  const values = dims.map(codeValues);
  const size = domainSize({ dims });
  const table: Table = expect === 'bool' ? new Uint8Array(size) : new Float64Array(size);
  const codes = new Int32Array(k);
  // No prototype, so no name can reach Object.prototype through the library's activation lookup.
  const bindings: Record<string, CodeValue> = Object.create(null);
  for (let d = 0; d < k; d++) bindings[dims[d].name] = values[d][0];
  const failures = new Map<string, PolicyError>();

  for (let i = 0; i < size; i++) {
    let result: CelResult;
    try {
      result = evaluate(bindings);
    } catch (err) {
      result = celError(err);
    }
    let problem: { key: string; offset: number; message: string } | undefined;
    if (isCelError(result)) {
      problem = { key: `error@${result.exprId}`, offset: offsetOfId(result.exprId), message: result.message };
    } else {
      const message = store(table, i, result, expect);
      if (message !== undefined) problem = { key: `result:${message}`, offset: 0, message };
    }
    if (problem !== undefined && !failures.has(problem.key) && failures.size < MAX_EVALUATION_ERRORS) {
      const where = k === 0 ? 'at every point' : `at ${dims.map((d, j) => formatAssignment(d, codes[j])).join(', ')}`;
      failures.set(problem.key, { offset: problem.offset, message: `${where}: ${problem.message}` });
    }
    for (let d = k - 1; d >= 0; d--) {
      if (++codes[d] < sizes[d]) {
        bindings[dims[d].name] = values[d][codes[d]];
        break;
      }
      codes[d] = 0;
      bindings[dims[d].name] = values[d][0];
    }
  }
  return failures.size > 0 ? { ok: false, errors: [...failures.values()] } : { ok: true, table };
}

/** Stores a result at `i`, or says why it cannot be stored. */
function store(table: Table, i: number, result: CelResult, expect: 'bool' | 'number'): string | undefined {
  if (expect === 'bool') {
    if (typeof result !== 'boolean') return `expected a bool, got ${typeName(result)}`;
    table[i] = result ? 1 : 0;
    return undefined;
  }
  let n: number;
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) return `expected a finite number, got ${result}`;
    n = result;
  } else if (typeof result === 'bigint' || isCelUint(result)) {
    const big = typeof result === 'bigint' ? result : result.value;
    n = Number(big);
    if (!Number.isSafeInteger(n)) return `${typeName(result)} ${big} is too large to be represented exactly`;
  } else {
    return `expected a number (int, uint or double), got ${typeName(result)}`;
  }
  table[i] = n;
  return undefined;
}

function typeName(value: CelResult): string {
  try {
    return String(celType(value as Parameters<typeof celType>[0]));
  } catch {
    return typeof value;
  }
}

/** The full-domain table: `sub` (over the used dimensions, row-major) repeated along the unused ones. */
function broadcast(sub: Table, domain: Domain, used: readonly boolean[]): Table {
  if (used.every(Boolean)) return sub;
  const n = domain.dims.length;
  const sizes = domain.dims.map(dimensionSize);
  const subStride = new Int32Array(n);
  let stride = 1;
  for (let d = n - 1; d >= 0; d--) {
    if (!used[d]) continue;
    subStride[d] = stride;
    stride *= sizes[d];
  }
  const size = domainSize(domain);
  const full: Table = sub instanceof Uint8Array ? new Uint8Array(size) : new Float64Array(size);
  const codes = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < size; i++) {
    full[i] = sub[j];
    for (let d = n - 1; d >= 0; d--) {
      if (++codes[d] < sizes[d]) {
        j += subStride[d];
        break;
      }
      j -= (sizes[d] - 1) * subStride[d];
      codes[d] = 0;
    }
  }
  return full;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
