// The description of a run kept beside its outputs (run.json): enough to find, replay or store it.

/** What `explain` and later tools need to find or replay a run: written as run.json. */
export interface RunRecord {
  scoresim: string;
  scenario: string;
  scenarioFile: string;
  scenarioSha256: string;
  scenarioText: string;
  seed: number;
  agents: number;
  days: number;
  workers: number;
  /** replicates run, and the seed of each (the first is `seed`) */
  replicates: number;
  seeds: number[];
  /** agents followed into trace.jsonl (replicate 0) */
  traced: number[];
}

