// Schema pieces shared by mechanisms.
import { z } from 'zod';

/** An identifier usable in policy conditions: a letter, then letters, digits or underscores. */
export const NAME = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must start with a letter and contain only letters, digits and _');

/** A probability in [0, 1]. */
export const PROBABILITY = z.number().min(0).max(1);
