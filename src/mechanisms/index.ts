// The registry of mechanisms, in the order they step within each phase of a day. Adding a
// mechanism is one file plus one line here.
import type { Mechanism } from '../engine/mechanism.ts';
import { behaviours } from './behaviours.ts';
import { cameras } from './cameras.ts';
import { records } from './records.ts';
import { scoring } from './scoring.ts';
import { sanctions } from './sanctions.ts';

export const MECHANISMS: readonly Mechanism<any, any>[] = [behaviours, cameras, records, scoring, sanctions];
