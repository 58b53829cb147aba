// Static checks of a parsed condition against its domain: unknown variables and functions (with a
// did-you-mean), literals that no enum or set value can equal, and misuse of a dimension's kind.
// The library's own checker (0.6.x) only handles constants and identifiers, so this walks the AST.

import { celEnv, CelScalar, listType, unparse, type CelEnv, type CelType } from '@bufbuild/cel';
import type { Dimension, Domain, PolicyError } from './domain.ts';
import { skipBlank, type Expr, type ParsedCondition } from './syntax.ts';

/** The CEL environment of a domain: one variable per dimension (string, list(string) or bool). */
export function createConditionEnv(domain: Domain): CelEnv {
  const variables: Record<string, CelType> = {};
  for (const d of domain.dims) {
    variables[d.name] =
      d.kind === 'enum' ? CelScalar.STRING : d.kind === 'set' ? listType(CelScalar.STRING) : CelScalar.BOOL;
  }
  return celEnv({ variables });
}

/** Problems found, and for each dimension (by position) whether the condition reads it. */
export interface CheckResult {
  errors: PolicyError[];
  used: boolean[];
}

// What a name stands for: a dimension, an element of a set dimension (a comprehension variable over
// it), or some other comprehension-local value.
type Binding =
  | { kind: 'dim'; dim: Dimension; index: number }
  | { kind: 'element'; dim: Dimension & { kind: 'set' } }
  | { kind: 'local' };
type Scope = ReadonlyMap<string, Binding>;

// Calls the planner handles itself rather than through the function registry.
const PLANNER_OPERATORS = new Set([
  '_[_]', '_[?_]', '_?._', '_?_:_', '_&&_', '_||_', '@not_strictly_false', '__not_strictly_false__',
]);

const KIND_TYPE = { enum: 'string', set: 'list of strings', bool: 'bool' } as const;

/** Every static problem of the condition, located, and which dimensions it reads. */
export function checkCondition(parsed: ParsedCondition, text: string, domain: Domain, env: CelEnv): CheckResult {
  const errors: PolicyError[] = [];
  const used = domain.dims.map(() => false);
  const positions = parsed.sourceInfo?.positions ?? {};
  const offsetOf = (e: Expr): number => skipBlank(text, positions[String(e.id)] ?? 0);
  const fail = (offset: number, message: string) => errors.push({ offset, message });

  const root = new Map<string, Binding>();
  domain.dims.forEach((dim, index) => root.set(dim.name, { kind: 'dim', dim, index }));
  const knownNames = domain.dims.map((d) => d.name);
  const functionNames = [...new Set([...env.funcs].map((f) => f.name))].filter((n) => /^[a-z]\w*$/i.test(n));

  const lookup = (name: string, scope: Scope): Binding | undefined =>
    name.startsWith('.') ? root.get(name.slice(1)) : scope.get(name);

  const bindingOf = (e: Expr, scope: Scope): Binding | undefined =>
    e.exprKind.case === 'identExpr' ? lookup(e.exprKind.value.name, scope) : undefined;

  /** A literal compared with a variable whose values are known must be one of them. */
  const checkLiteral = (lit: Expr, label: string, values: readonly string[]) => {
    if (lit.exprKind.case !== 'constExpr') return;
    const c = lit.exprKind.value.constantKind;
    if (c.case === 'stringValue' && values.includes(c.value)) return;
    const shown = c.case === 'stringValue' ? JSON.stringify(c.value) : unparse(lit);
    fail(offsetOf(lit), `${shown} is not a ${label} value; expected one of ${values.join(', ')}`);
  };

  /** The values a name can take when they are a known list of strings (an enum, a set's element). */
  const valuesOf = (b: Binding | undefined): { label: string; values: readonly string[] } | undefined => {
    if (b?.kind === 'element') return { label: b.dim.name, values: b.dim.values };
    if (b?.kind === 'dim' && b.dim.kind === 'enum') return { label: b.dim.name, values: b.dim.values };
    return undefined;
  };

  const checkEquality = (args: Expr[], scope: Scope) => {
    for (const [v, other] of [[args[0], args[1]], [args[1], args[0]]]) {
      const b = bindingOf(v, scope);
      if (b === undefined || b.kind === 'local' || other.exprKind.case !== 'constExpr') continue;
      const c = other.exprKind.value.constantKind;
      const known = valuesOf(b);
      if (known !== undefined) {
        checkLiteral(other, known.label, known.values);
      } else if (b.kind !== 'dim') {
        continue;
      } else if (b.dim.kind === 'bool' && c.case !== 'boolValue') {
        fail(offsetOf(other), `${unparse(other)} is not a bool; ${b.dim.name} is true or false`);
      } else if (b.dim.kind === 'set' && c.case === 'stringValue') {
        fail(offsetOf(v), `${b.dim.name} is a set of values; to test membership write ${unparse(other)} in ${b.dim.name}`);
      }
    }
  };

  const checkIn = (args: Expr[], scope: Scope) => {
    const [lhs, rhs] = args;
    const known = valuesOf(bindingOf(lhs, scope));
    const rb = bindingOf(rhs, scope);
    if (known !== undefined && rhs.exprKind.case === 'listExpr') {
      for (const el of rhs.exprKind.value.elements) checkLiteral(el, known.label, known.values);
    }
    if (rb?.kind === 'dim' && lhs.exprKind.case === 'constExpr') {
      if (rb.dim.kind === 'set') checkLiteral(lhs, rb.dim.name, rb.dim.values);
      else fail(offsetOf(rhs), `${rb.dim.name} holds one value, not a list; write ${rb.dim.name} == ${unparse(lhs)}`);
    }
  };

  /** `a.b.c` as a dotted name when it is made only of identifiers and field selections. */
  const qualifiedName = (e: Expr): { root: string; name: string } | undefined => {
    if (e.exprKind.case === 'identExpr') return { root: e.exprKind.value.name, name: e.exprKind.value.name };
    if (e.exprKind.case !== 'selectExpr' || e.exprKind.value.testOnly || e.exprKind.value.operand === undefined) {
      return undefined;
    }
    const inner = qualifiedName(e.exprKind.value.operand);
    return inner && { root: inner.root, name: `${inner.name}.${e.exprKind.value.field}` };
  };

  const walkCall = (e: Expr, call: Extract<Expr['exprKind'], { case: 'callExpr' }>['value'], scope: Scope) => {
    const fn = call.function;
    const target = call.target;
    if (target !== undefined) {
      // `math.greatest(...)`-style namespaced functions parse as member calls on an identifier.
      const q = qualifiedName(target);
      if (q !== undefined && lookup(q.root, scope) === undefined && env.funcs.find(`${q.name}.${fn}`)) {
        for (const a of call.args) walk(a, scope);
        return;
      }
    }
    if (!PLANNER_OPERATORS.has(fn) && env.funcs.find(fn) === undefined) {
      const at = text.indexOf(fn, positions[String(e.id)] ?? 0);
      const offset = at >= 0 ? at : offsetOf(e);
      fail(offset, `unknown function '${fn}'${didYouMean(fn, functionNames)}`);
    }
    if (call.args.length === 2 && (fn === '_==_' || fn === '_!=_')) checkEquality(call.args, scope);
    if (call.args.length === 2 && fn === '@in') checkIn(call.args, scope);
    if (fn === '_[_]' && call.args.length === 2) {
      const b = bindingOf(call.args[0], scope);
      if (b?.kind === 'dim' && b.dim.kind !== 'set') {
        fail(offsetOf(e), `${b.dim.name} is a ${KIND_TYPE[b.dim.kind]} and cannot be indexed`);
      }
    }
    if (target !== undefined) walk(target, scope);
    for (const a of call.args) walk(a, scope);
  };

  const walk = (e: Expr, scope: Scope): void => {
    const kind = e.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return;
      case 'identExpr': {
        const b = lookup(kind.value.name, scope);
        if (b?.kind === 'dim') used[b.index] = true;
        if (b === undefined) {
          const name = kind.value.name;
          const known = knownNames.length > 0 ? `known variables: ${knownNames.join(', ')}` : 'no variables are defined';
          fail(offsetOf(e), `unknown variable '${name}'${didYouMean(name, knownNames)} (${known})`);
        }
        return;
      }
      case 'selectExpr': {
        const operand = kind.value.operand;
        if (operand === undefined) return;
        const b = bindingOf(operand, scope);
        if (b?.kind === 'dim') {
          used[b.index] = true;
          const what = kind.value.testOnly ? 'has()' : `.${kind.value.field}`;
          fail(offsetOf(e), `${b.dim.name} is a ${KIND_TYPE[b.dim.kind]}; ${what} does not apply to it`);
          return;
        }
        walk(operand, scope);
        return;
      }
      case 'callExpr':
        walkCall(e, kind.value, scope);
        return;
      case 'listExpr':
        for (const el of kind.value.elements) walk(el, scope);
        return;
      case 'structExpr':
        if (kind.value.messageName !== '') {
          fail(offsetOf(e), `creating messages (${kind.value.messageName}{...}) is not supported in conditions`);
          return;
        }
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value, scope);
          if (entry.value !== undefined) walk(entry.value, scope);
        }
        return;
      case 'comprehensionExpr': {
        const c = kind.value;
        if (c.iterRange === undefined || c.accuInit === undefined) return;
        walk(c.iterRange, scope);
        walk(c.accuInit, scope);
        const range = bindingOf(c.iterRange, scope);
        const element: Binding =
          range?.kind === 'dim' && range.dim.kind === 'set' ? { kind: 'element', dim: range.dim } : { kind: 'local' };
        const inner = new Map(scope);
        inner.set(c.iterVar, element);
        if (c.iterVar2 !== '') inner.set(c.iterVar2, { kind: 'local' });
        inner.set(c.accuVar, { kind: 'local' });
        if (c.loopCondition !== undefined) walk(c.loopCondition, inner);
        if (c.loopStep !== undefined) walk(c.loopStep, inner);
        if (c.result !== undefined) walk(c.result, new Map(scope).set(c.accuVar, { kind: 'local' }));
        return;
      }
      default:
        fail(offsetOf(e), 'unsupported expression');
    }
  };

  walk(parsed.expr, root);
  errors.sort((a, b) => a.offset - b.offset);
  return { errors, used };
}

/** `; did you mean 'grade'?` for the closest known name within a small edit distance, else ''. */
export function didYouMean(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  const allowed = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  return best !== undefined && bestDistance <= allowed ? `; did you mean '${best}'?` : '';
}

/** Levenshtein distance, counting an adjacent transposition as one edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
