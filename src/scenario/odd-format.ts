// Markdown pieces for the ODD description, and the parameter tables of a configured mechanism:
// the scenario's values walked alongside the JSON Schema, so each key sits next to its description.
import { mapValues, resolveRef, type JsonSchemaNode } from './reference.ts';

/** Inline code; backticks inside become plain quotes so the span stays closed. */
export function code(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return '`' + text.replace(/`/g, "'") + '`';
}

/** A number for prose: whole numbers from 1,000 with thousands separated, others as written (0.0000067 stays 0.0000067). */
export function num(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 1000 ? n.toLocaleString('en-US') : String(n);
}

/** Names as inline code joined by commas, or `none`. */
export function names(xs: readonly string[]): string {
  return xs.length === 0 ? 'none' : xs.map(code).join(', ');
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A Markdown table; cells are escaped (pipes, newlines). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A configured value as a table cell: scalars as written, lists and maps spelled out. */
export function valueText(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return code(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : valueText(v))).join(', ');
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}: ${valueText(v)}`).join(', ');
  }
  return String(value);
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The branch of a union that fits the value (by JSON type); the node itself when it is not a union. */
function fit(raw: JsonSchemaNode, value: unknown, root: JsonSchemaNode): JsonSchemaNode {
  const node = resolveRef(raw, root);
  const branches = node.anyOf ?? node.oneOf;
  if (branches === undefined) return node;
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;
  const matches = (b: JsonSchemaNode): boolean => {
    const r = resolveRef(b, root);
    const types = r.type === undefined ? [] : Array.isArray(r.type) ? r.type : [r.type];
    return types.includes(kind) || (kind === 'number' && types.includes('integer')) || (kind === 'object' && r.properties !== undefined);
  };
  const found = branches.find(matches);
  return found === undefined ? node : fit(found, value, root);
}

/** An array whose items are objects with named keys (gates, rules, grades), as opposed to a list of values. */
function objectItems(node: JsonSchemaNode, root: JsonSchemaNode): JsonSchemaNode | undefined {
  if (node.items === undefined) return undefined;
  const items = resolveRef(node.items, root);
  const object = items.properties !== undefined ? items : (items.anyOf ?? items.oneOf)?.map((b) => resolveRef(b, root)).find((b) => b.properties !== undefined);
  return object;
}

interface Row { key: string; value: unknown; description: string }

/** Rows for an object's keys, nested objects flattened to dotted keys; lists of objects set aside for their own tables. */
function objectRows(value: Record<string, unknown>, node: JsonSchemaNode, root: JsonSchemaNode, prefix: string, nested: [string, unknown[], JsonSchemaNode][]): Row[] {
  const rows: Row[] = [];
  const keys = [...Object.keys(node.properties ?? {}), ...Object.keys(value).filter((k) => !(k in (node.properties ?? {})))];
  for (const key of keys) {
    const raw = node.properties?.[key] ?? mapValues(node);
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const v = value[key];
    const child = raw === undefined ? undefined : fit(raw, v, root);
    if (child !== undefined && isRecord(v) && child.properties !== undefined) {
      rows.push(...objectRows(v, child, root, path, nested));
    } else if (child !== undefined && Array.isArray(v) && v.length > 0 && objectItems(child, root) !== undefined) {
      nested.push([path, v, child]);
    } else {
      rows.push({ key: path, value: v, description: child?.description ?? '' });
    }
  }
  return rows;
}

/** The key that labels a list's items: `name`, else the first key with enumerated values (a store); none for rules. */
function labelKey(items: JsonSchemaNode, root: JsonSchemaNode): string | undefined {
  const properties = Object.entries(items.properties ?? {});
  if (properties.some(([key]) => key === 'name')) return 'name';
  return properties.find(([, raw]) => resolveRef(raw, root).enum !== undefined)?.[0];
}

/** A list of objects as one table: a row per key, a column per item, the key's description last. */
function itemsTable(list: unknown[], node: JsonSchemaNode, root: JsonSchemaNode): string {
  const items = objectItems(node, root)!;
  const nested: [string, unknown[], JsonSchemaNode][] = [];
  const perItem = list.map((item) => new Map(objectRows(isRecord(item) ? item : {}, items, root, '', nested).map((r) => [r.key, r])));
  const label = labelKey(items, root);
  const keys: string[] = [];
  for (const rows of perItem) for (const key of rows.keys()) if (!keys.includes(key) && key !== label) keys.push(key);
  const labels = list.map((item, i) => {
    const value = label === undefined || !isRecord(item) ? undefined : item[label];
    return typeof value === 'string' ? code(value) : `#${i + 1}`;
  });
  const rows = keys.map((key) => {
    const description = perItem.map((m) => m.get(key)?.description).find((d) => d !== undefined && d !== '') ?? '';
    return [code(key), ...perItem.map((m) => valueText(m.get(key)?.value)), description];
  });
  const out = [table(['key', ...labels, 'description'], rows)];
  for (const [path, values, child] of nested) out.push(`\n${code(path)} of each item: ${values.map((v) => JSON.stringify(v)).join('; ')}`);
  return out.join('\n');
}

/**
 * The parameter tables of one configured section: `key | value | description` for an object (nested
 * lists of objects, such as scoring's grades and rules, each get a table of their own), or a table
 * with a column per item for a list of objects (gates, sanctions). Values are the loaded ones, with
 * the schema's defaults filled in.
 */
export function parameterTables(key: string, value: unknown, raw: JsonSchemaNode, root: JsonSchemaNode): string {
  const node = fit(raw, value, root);
  if (Array.isArray(value) && objectItems(node, root) !== undefined) return itemsTable(value, node, root);
  if (!isRecord(value) || node.properties === undefined) {
    return table(['key', 'value', 'description'], [[code(key), valueText(value), node.description ?? '']]);
  }
  const nested: [string, unknown[], JsonSchemaNode][] = [];
  const rows = objectRows(value, node, root, '', nested);
  const out: string[] = [];
  if (rows.length > 0) out.push(table(['key', 'value', 'description'], rows.map((r) => [code(r.key), valueText(r.value), r.description])));
  for (const [path, list, child] of nested) {
    const intro = child.description === undefined ? `${code(path)}:` : `${code(path)}: ${child.description}`;
    out.push(`${intro}\n\n${itemsTable(list, child, root)}`);
  }
  return out.join('\n\n');
}
