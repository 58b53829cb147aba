// Traces: every event, record, delta, gate attempt and status change of a few followed agents,
// kept as plain objects. Off the hot path: `on` is a single array lookup that is false for
// everyone else, and only followed agents allocate.

export interface TraceEntry {
  agent: number;
  day: number;
  /** what happened: event, record, delta, list, sanction, perk, gate, fraud, post, breach */
  kind: string;
  [field: string]: unknown;
}

export class Tracer {
  private readonly followed: Set<number>;
  readonly entries: TraceEntry[] = [];
  readonly enabled: boolean;

  constructor(agents: readonly number[]) {
    this.followed = new Set(agents);
    this.enabled = agents.length > 0;
  }

  on(agent: number): boolean {
    return this.enabled && this.followed.has(agent);
  }

  add(entry: TraceEntry): void {
    this.entries.push(entry);
  }
}
