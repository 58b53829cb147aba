// YAML text + zod 4 schema → typed value, or every problem at once as located errors sorted by position.
// Schema-agnostic; never throws on any input text, and never evaluates anything in the file as code.
import { LineCounter, isAlias, isCollection, isMap, parseDocument, visit, type Document } from 'yaml';
import type { ZodType } from 'zod';
import { formatPath, locatePath, pathAtOffset, positionAt, type LocatedError, type YamlSource } from './locate.ts';
import { flattenIssues, plainWordsErrorMap } from './yaml-issues.ts';

export { formatLocatedError, formatPath, locateInScalar, locatePath, type LocatedError, type Position, type YamlSource } from './locate.ts';

/** Aliases may expand to at most this many nodes per alias (yaml's guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** Sorts by line, then column, keeping the order of equal positions; drops exact repeats. */
function sorted(errors: LocatedError[]): LocatedError[] {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = `${e.line}:${e.col}:${e.path}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.col - b.col);
}

function errorAt(source: Pick<YamlSource, 'file' | 'text'>, offset: number, path: readonly PropertyKey[], message: string): LocatedError {
  const { line, col } = positionAt(source, offset);
  const words = /call stack/i.test(message) ? 'nested too deeply to read' : message.replaceAll('tag:yaml.org,2002:', '!!');
  return { file: source.file, line, col, path: formatPath(path), message: words };
}

function describeThrown(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] || 'unknown error';
}

const PLAIN_COLLECTION_TAGS = new Set(['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/** Problems the parser accepts but a config file must not have: dangling aliases, non-scalar keys, non-data tags. */
function structureErrors(source: YamlSource): LocatedError[] {
  const errors: LocatedError[] = [];
  const { doc } = source;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        const offset = node.range?.[0] ?? 0;
        errors.push(errorAt(source, offset, pathAtOffset(doc, offset), `unknown alias *${node.source}: no anchor &${node.source} is defined before it`));
      }
    },
    Scalar(_, node) {
      // Dates, binary data and the like (YAML 1.1 or explicit tags) are not plain data: ask for text.
      if (node.value !== null && typeof node.value === 'object') {
        const offset = node.range?.[0] ?? 0;
        const what = node.value instanceof Date ? 'a date' : node.tag === undefined ? 'this value' : `a ${node.tag} value`;
        errors.push(errorAt(source, offset, pathAtOffset(doc, offset), `${what} is not supported here; quote it to use it as text`));
      }
    },
    Collection(_, node) {
      if (node.tag !== undefined && !PLAIN_COLLECTION_TAGS.has(node.tag)) {
        const offset = node.range?.[0] ?? 0;
        errors.push(errorAt(source, offset, pathAtOffset(doc, offset), `the tag ${node.tag} is not supported here`));
      }
    },
    Pair(_, pair, ancestors) {
      const parent = ancestors[ancestors.length - 1];
      if (isMap(parent) && (isCollection(pair.key) || isAlias(pair.key))) {
        const offset = (pair.key as { range?: number[] }).range?.[0] ?? 0;
        errors.push(errorAt(source, offset, pathAtOffset(doc, offset), 'keys must be plain names, not lists, mappings or aliases'));
      }
    },
  });
  return errors;
}

/**
 * Parses YAML text, reporting syntax errors, duplicate keys, parser warnings (such as unknown tags),
 * dangling aliases and an empty document, all at once and located.
 */
export function parseYamlSource(text: string, file: string): { ok: true; source: YamlSource } | { ok: false; errors: LocatedError[] } {
  const safeText = typeof text === 'string' ? text : String(text);
  const lineCounter = new LineCounter();
  try {
    const doc: Document.Parsed = parseDocument(safeText, { lineCounter, prettyErrors: false, uniqueKeys: true, resolveKnownTags: false, logLevel: 'silent' });
    const source: YamlSource = { file, text: safeText, doc, lineCounter };
    const errors = [...doc.errors, ...doc.warnings].map((e) => {
      const offset = e.pos?.[0] ?? 0;
      // After a syntax error the tree is a guess, so only a sound tree lends the error its key path.
      const sound = e.code === 'DUPLICATE_KEY' || e.name === 'YAMLWarning';
      return errorAt(source, offset, sound ? pathAtOffset(doc, offset) : [], e.message.replace(/\s*\n\s*/g, ' '));
    });
    if (errors.length === 0) errors.push(...structureErrors(source));
    if (errors.length === 0 && doc.contents == null) errors.push(errorAt(source, 0, [], 'the file is empty'));
    return errors.length > 0 ? { ok: false, errors: sorted(errors) } : { ok: true, source };
  } catch (err) {
    // yaml reports problems as errors rather than throwing; this is a last line of defence.
    return { ok: false, errors: [errorAt({ file, text: safeText }, 0, [], `could not read the YAML: ${describeThrown(err)}`)] };
  }
}

/** Validates the document's plain data against `schema`, locating every issue (unknown keys one by one). */
export function validateSource<T>(source: YamlSource, schema: ZodType<T>): { ok: true; value: T } | { ok: false; errors: LocatedError[] } {
  let data: unknown;
  try {
    data = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const firstAlias = source.text.search(/(^|[\s[{,:-])\*/);
    return { ok: false, errors: [errorAt(source, Math.max(0, firstAlias), [], `could not expand the YAML: ${describeThrown(err)}`)] };
  }
  let result: ReturnType<ZodType<T>['safeParse']>;
  try {
    result = schema.safeParse(data, { error: plainWordsErrorMap, reportInput: true, jitless: true });
  } catch (err) {
    return { ok: false, errors: [errorAt(source, 0, [], `could not be validated: ${describeThrown(err)}`)] };
  }
  if (result.success) return { ok: true, value: result.data };
  const errors = flattenIssues(result.error.issues, schema).map((issue) => {
    const { line, col } = locatePath(source, issue.path, { at: issue.at });
    return { file: source.file, line, col, path: formatPath(issue.path), message: issue.message };
  });
  if (errors.length === 0) errors.push(errorAt(source, 0, [], 'is not valid'));
  return { ok: false, errors: sorted(errors) };
}

/** `parseYamlSource` then `validateSource`; the source is returned too, for locating later errors. */
export function loadYaml<T>(text: string, file: string, schema: ZodType<T>): { ok: true; value: T; source: YamlSource } | { ok: false; errors: LocatedError[] } {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) return parsed;
  try {
    const validated = validateSource(parsed.source, schema);
    return validated.ok ? { ok: true, value: validated.value, source: parsed.source } : validated;
  } catch (err) {
    return { ok: false, errors: [errorAt(parsed.source, 0, [], `could not be validated: ${describeThrown(err)}`)] };
  }
}
