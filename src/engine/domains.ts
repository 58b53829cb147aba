// The finite domains that policy conditions range over, and how an agent's state maps to an index
// into a tabulated condition. Order of dimensions: [event], group, regionKind, ageClass, grade, lists.
import { AGE_CLASSES } from './layout.ts';

export type DomainDimension =
  | { name: string; kind: 'enum'; values: readonly string[] }
  | { name: string; kind: 'set'; values: readonly string[] };

export interface DomainNames {
  events: readonly string[];
  groups: readonly string[];
  regionKinds: readonly string[];
  grades: readonly string[];
  lists: readonly string[];
}

export function agentDimensions(n: DomainNames): DomainDimension[] {
  return [
    { name: 'group', kind: 'enum', values: n.groups },
    { name: 'regionKind', kind: 'enum', values: n.regionKinds },
    { name: 'ageClass', kind: 'enum', values: AGE_CLASSES },
    { name: 'grade', kind: 'enum', values: n.grades },
    { name: 'lists', kind: 'set', values: n.lists },
  ];
}

export function eventDimensions(n: DomainNames): DomainDimension[] {
  return [{ name: 'event', kind: 'enum', values: n.events }, ...agentDimensions(n)];
}

/** Strides of the agent domain, so that index = static(group, kind, age) + grade * listSets + lists. */
export interface DomainShape {
  listSets: number;
  grades: number;
  /** points in the agent domain */
  agentSize: number;
}

export function domainShape(n: DomainNames): DomainShape {
  const listSets = 1 << n.lists.length;
  const agentSize = n.groups.length * n.regionKinds.length * AGE_CLASSES.length * n.grades.length * listSets;
  return { listSets, grades: n.grades.length, agentSize };
}
