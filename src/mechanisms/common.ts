// Schema pieces shared by mechanisms.
import { z } from 'zod';

/** An identifier usable in policy conditions: a letter, then letters, digits or underscores. */
export const NAME = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must start with a letter and contain only letters, digits and _');

/** A probability in [0, 1]. */
export const PROBABILITY = z.number().min(0).max(1);

/**
 * Reports every item whose `field` repeats an earlier item's, located at that field:
 * `duplicate <what> "x"`. `prefix` is the path of the list inside the value being refined.
 */
export function reportDuplicates<T>(
  items: readonly T[], field: keyof T & string, what: string, ctx: z.RefinementCtx, prefix: PropertyKey[] = [],
): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const value = item[field];
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [...prefix, i, field], message: `duplicate ${what} "${String(value)}"` });
    seen.add(value);
  });
}
