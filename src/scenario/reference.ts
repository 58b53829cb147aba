// The scenario reference, generated from the JSON Schema of the scenario schema and the mechanism
// registry, so that docs/scenario-reference.md and docs/scenario.schema.json never drift from the code.
import { MECHANISMS } from '../mechanisms/index.ts';
import { scenarioJsonSchema } from './schema.ts';

/** A JSON Schema node as emitted by z.toJSONSchema; only the keywords the reference renders. */
export interface JsonSchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  $defs?: Record<string, JsonSchemaNode>;
  definitions?: Record<string, JsonSchemaNode>;
}

/** The JSON Schema of scenario files as written to docs/scenario.schema.json (2-space JSON, final newline). */
export function scenarioSchemaJson(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

/** Resolves a local `$ref` (`#/$defs/x`) against the root, keeping the referring node's own keywords. */
export function resolveRef(node: JsonSchemaNode, root: JsonSchemaNode): JsonSchemaNode {
  let current = node;
  for (let hops = 0; current.$ref !== undefined && hops < 32; hops++) {
    const { $ref, ...own } = current;
    let target: unknown = root;
    for (const part of $ref.replace(/^#\/?/, '').split('/').filter((p) => p !== '')) {
      target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (target === undefined || typeof target !== 'object') throw new Error(`unresolved $ref ${$ref}`);
    current = { ...(target as JsonSchemaNode), ...own };
  }
  return current;
}

/** The schema a map (record) gives its values, or undefined when the object has no free-form keys. */
export function mapValues(node: JsonSchemaNode): JsonSchemaNode | undefined {
  const extra = node.additionalProperties;
  return extra !== undefined && typeof extra === 'object' ? extra : undefined;
}


function code(value: unknown): string {
  return '`' + (typeof value === 'string' ? value : JSON.stringify(value)) + '`';
}

function range(node: JsonSchemaNode): string | undefined {
  const lower = node.exclusiveMinimum !== undefined ? `${node.exclusiveMinimum} <` : node.minimum !== undefined ? `${node.minimum} ≤` : undefined;
  const upper = node.exclusiveMaximum !== undefined ? `< ${node.exclusiveMaximum}` : node.maximum !== undefined ? `≤ ${node.maximum}` : undefined;
  if (lower !== undefined && upper !== undefined) return `${lower} x ${upper}`;
  if (lower !== undefined) return node.exclusiveMinimum !== undefined ? `x > ${node.exclusiveMinimum}` : `x ≥ ${node.minimum}`;
  if (upper !== undefined) return `x ${upper}`;
  return undefined;
}

function counted(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function sizes(min: number | undefined, max: number | undefined, what: string): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? counted(min, what) : `${min}–${counted(max, what)}`;
  if (min !== undefined) return `at least ${counted(min, what)}`;
  if (max !== undefined) return `at most ${counted(max, what)}`;
  return undefined;
}

function isObject(node: JsonSchemaNode): boolean {
  return node.type === 'object' || node.properties !== undefined;
}

/** A one-line type with its constraints, e.g. `number, 0 ≤ x ≤ 1` or `array of objects, 1–16 items`. */
export function typeText(raw: JsonSchemaNode, root: JsonSchemaNode): string {
  const node = resolveRef(raw, root);
  const union = node.anyOf ?? node.oneOf;
  if (union !== undefined) return union.map((branch) => typeText(branch, root)).join(' or ');
  if (node.allOf !== undefined) return node.allOf.map((part) => typeText(part, root)).join(' and ');
  if (node.const !== undefined) return code(node.const);
  const parts: string[] = [];
  if (node.enum !== undefined) {
    parts.push(`one of ${node.enum.map(code).join(', ')}`);
  } else if (node.type === 'array' || node.items !== undefined) {
    const items = node.items === undefined ? undefined : resolveRef(node.items, root);
    if (items === undefined) parts.push('array');
    else if (isObject(items) && mapValues(items) === undefined) parts.push('array of objects');
    else parts.push(`array of ${typeText(items, root)}`.replace(/^array of (.*,.*)$/, 'array of ($1)'));
    const size = sizes(node.minItems, node.maxItems, 'item');
    if (size !== undefined) parts.push(size);
  } else if (isObject(node)) {
    const values = mapValues(node);
    if (values !== undefined && node.properties === undefined) {
      parts.push(`map of name → ${typeText(values, root)}`.replace(/^map of name → (.*,.*)$/, 'map of name → ($1)'));
    } else {
      parts.push('object');
    }
  } else if (node.type === undefined) {
    parts.push('any');
  } else {
    parts.push(Array.isArray(node.type) ? node.type.join(' or ') : node.type);
    const r = range(node);
    if (r !== undefined) parts.push(r);
    const length = sizes(node.minLength, node.maxLength, 'character');
    if (length !== undefined) parts.push(length);
    if (node.pattern !== undefined) parts.push(`matching ${code(node.pattern)}`);
  }
  return parts.join(', ');
}


/** One table row: a key's dotted path, its type, its default (or whether it is required) and description. */
export interface ReferenceRow {
  path: string;
  type: string;
  defaultText: string;
  description: string;
}

/** Rows for `path` and, recursively, every key nested in it (objects, arrays of objects, maps of objects). */
export function referenceRows(raw: JsonSchemaNode, path: string, required: boolean, root: JsonSchemaNode): ReferenceRow[] {
  const node = resolveRef(raw, root);
  const defaultText = 'default' in node ? code(node.default) : required ? '**required**' : '—';
  const rows: ReferenceRow[] = [{ path, type: typeText(node, root), defaultText, description: node.description ?? '' }];
  for (const [childPath, child] of children(node, path, root)) rows.push(...referenceRows(child.node, childPath, child.required, root));
  return rows;
}

function children(node: JsonSchemaNode, path: string, root: JsonSchemaNode): [string, { node: JsonSchemaNode; required: boolean }][] {
  const out: [string, { node: JsonSchemaNode; required: boolean }][] = [];
  const union = node.anyOf ?? node.oneOf;
  if (union !== undefined) {
    for (const branch of union) out.push(...children(resolveRef(branch, root), path, root));
    return out;
  }
  if (node.properties !== undefined) {
    const required = new Set(node.required ?? []);
    for (const [key, child] of Object.entries(node.properties)) out.push([`${path}.${key}`, { node: child, required: required.has(key) }]);
  }
  const values = mapValues(node);
  if (values !== undefined) {
    const resolved = resolveRef(values, root);
    if (resolved.properties !== undefined || resolved.anyOf !== undefined) out.push(...children(resolved, `${path}.<name>`, root));
  }
  if (node.items !== undefined) out.push(...children(resolveRef(node.items, root), `${path}[]`, root));
  return out;
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function table(rows: ReferenceRow[]): string {
  const lines = ['| key | type | default | description |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${code(r.path)} | ${cell(r.type)} | ${cell(r.defaultText)} | ${cell(r.description)} |`);
  return lines.join('\n');
}


const INTRO = `# Scenario reference

<!-- Generated by \`scoresim docs\` from src/scenario/schema.ts and src/mechanisms/; do not edit by hand. -->

A scenario is a YAML file describing a synthetic population and the scoring and surveillance regime
applied to it. \`scenarios/minimal.yaml\` is a complete, commented example; this page lists every key.

- **Check a file** with \`scoresim validate FILE...\`: it exits 0 when every file is valid and otherwise
  lists every problem at once as \`FILE:LINE:COL: key.path: message\`.
- **Completion and checking in your editor**: start the file with
  \`# yaml-language-server: $schema=../docs/scenario.schema.json\` (a path relative to the scenario file)
  and editors that use yaml-language-server (e.g. VS Code's YAML extension) complete keys, show these
  descriptions and flag mistakes as you type. \`scoresim schema > scenario.schema.json\` prints the same
  JSON Schema for the installed version.

In the tables, nested keys are written as dotted paths: \`a.b\` is key \`b\` inside \`a\`, \`a[].b\` is key
\`b\` in each item of the list \`a\`, and \`a.<name>\` is a map whose keys you choose. The type column
gives the allowed range, with \`x\` standing for the value. The default column gives the value used when
the key is left out; **required** keys must be given whenever the key containing them is present, and
keys marked — are optional without a default. Some checks span several keys (shares add up to 1, names
are unique, policy conditions are valid CEL over known names); \`scoresim validate\` reports those too.`;

function anchor(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/** The Markdown reference of the scenario format: one section per top-level key, each with a table of its keys. */
export function scenarioReferenceMarkdown(): string {
  const root = scenarioJsonSchema() as JsonSchemaNode;
  const properties = root.properties ?? {};
  const required = new Set(root.required ?? []);
  const mechanisms = new Map(MECHANISMS.map((m) => [m.key, m]));
  const keys = Object.keys(properties);
  const core = keys.filter((k) => !mechanisms.has(k));
  const regime = keys.filter((k) => mechanisms.has(k));

  const out: string[] = [INTRO, ''];
  out.push('## Contents', '');
  out.push(`- Core: ${core.map((k) => `[\`${k}\`](#${anchor(k)})`).join(', ')}`);
  out.push(`- Mechanisms, in the order they step within each phase of a day: ${regime.map((k) => `[\`${k}\`](#${anchor(k)})`).join(', ')}`);
  out.push('');

  for (const key of keys) {
    const isRequired = required.has(key);
    out.push(`## ${key}`, '');
    const mechanism = mechanisms.get(key);
    if (mechanism !== undefined) {
      out.push(mechanism.doc, '');
      const list = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.map((x) => `\`${x}\``).join(', '));
      out.push(`Reads columns: ${list(mechanism.reads)} · writes: ${list(mechanism.writes)} · phases: ${list(mechanism.phases)}`, '');
      out.push(isRequired ? 'Required in every scenario.' : 'Optional: the mechanism runs only when this key is present.', '');
    } else {
      out.push(isRequired ? 'Required.' : 'Optional.', '');
    }
    out.push(table(referenceRows(properties[key], key, isRequired, root)), '');
  }
  return out.join('\n');
}
