// The results store's tables: one row per run in `runs`, and long-format rows tagged with the run id
// (and replicate) in the others. docs/results.md documents every column with example queries.

/** The tables of a run, in the order they are created, exported and documented. */
export const TABLES = ['runs', 'daily', 'metrics', 'metric_intervals', 'traces'] as const;
export type TableName = (typeof TABLES)[number];

/** Column that holds the run id in each table. */
export const RUN_ID_COLUMN: Record<TableName, string> = {
  runs: 'id',
  daily: 'run_id',
  metrics: 'run_id',
  metric_intervals: 'run_id',
  traces: 'run_id',
};

/** `group` value of a metric's overall (all-groups) row. */
export const ALL_GROUPS = '(all)';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS runs (
  id VARCHAR PRIMARY KEY,
  scenario VARCHAR NOT NULL,
  scenario_file VARCHAR,
  scenario_text VARCHAR NOT NULL,
  scenario_sha256 VARCHAR NOT NULL,
  seed BIGINT NOT NULL,
  agents BIGINT NOT NULL,
  days INTEGER NOT NULL,
  replicates INTEGER NOT NULL,
  seeds BIGINT[] NOT NULL,
  workers INTEGER NOT NULL,
  traced BIGINT[] NOT NULL,
  parameters JSON NOT NULL,
  summary JSON NOT NULL,
  scoresim_version VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  elapsed_seconds DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS daily (
  run_id VARCHAR NOT NULL,
  replicate INTEGER NOT NULL,
  day INTEGER NOT NULL,
  "group" VARCHAR NOT NULL,
  counter VARCHAR NOT NULL,
  value DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS metrics (
  run_id VARCHAR NOT NULL,
  replicate INTEGER NOT NULL,
  metric VARCHAR NOT NULL,
  "group" VARCHAR NOT NULL,
  value DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS metric_intervals (
  run_id VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  "group" VARCHAR NOT NULL,
  mean DOUBLE NOT NULL,
  ci_low DOUBLE NOT NULL,
  ci_high DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS traces (
  run_id VARCHAR NOT NULL,
  replicate INTEGER NOT NULL,
  agent BIGINT NOT NULL,
  day INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  data JSON NOT NULL
);
`;
