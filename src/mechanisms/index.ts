// The registry of mechanisms, in the order they step within each phase of a day. Adding a
// mechanism is one file plus one line here.
import type { Mechanism } from '../engine/mechanism.ts';
import { behaviours } from './behaviours.ts';
import { cameras } from './cameras.ts';
import { records } from './records.ts';
import { scoring } from './scoring.ts';
import { sanctions } from './sanctions.ts';
import { perks } from './perks.ts';
import { adaptation } from './adaptation.ts';
import { monitoring } from './monitoring.ts';
import { registry } from './registry.ts';
import { gates } from './gates.ts';
import { breach } from './breach.ts';

export const MECHANISMS: readonly Mechanism<any, any>[] = [
  behaviours, adaptation, cameras, monitoring, registry, records, scoring, gates, breach, sanctions, perks,
];
