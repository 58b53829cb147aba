// The results store: runs saved into one DuckDB file (schema in schema.ts, docs in docs/results.md),
// listed, read back and exported to Parquet. One process at a time may open a store file.
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { ReplicateResult } from '../parallel/replicates.ts';
import type { ReplicatedSummary } from '../metrics/replicates.ts';
import type { Metric } from '../metrics/summary.ts';
import type { Interval } from '../metrics/intervals.ts';
import type { RunRecord } from './run-record.ts';
import { appendColumns } from './columns.ts';
import { columnsToDaily, dailyToColumns, intervalRows, metricRows, runId, traceColumns, type DailyColumns } from './rows.ts';
import { ALL_GROUPS, RUN_ID_COLUMN, SCHEMA_SQL, TABLES } from './schema.ts';

/** The store file is held by another process (DuckDB locks it exclusively), or already open in this one. */
export class StoreLockedError extends Error {
  constructor(readonly file: string, readonly holder: string) {
    super(holder === 'this process'
      ? `results store ${file} is already open in this process: close that ResultsStore first (a second handle would release DuckDB's lock when closed)`
      : `results store ${file} is in use by another scoresim process (${holder}): DuckDB lets one process at a time open a store file. Wait for that process to finish, or use another file.`);
    this.name = 'StoreLockedError';
  }
}

/** No run with the given id: the message names the store's newest ids. */
export class UnknownRunError extends Error {
  constructor(readonly id: string, readonly file: string, readonly newest: string[]) {
    super(`no run "${id}" in ${file}: ${newest.length === 0 ? 'it holds no runs yet' : `the newest are ${newest.join(', ')}`}`);
    this.name = 'UnknownRunError';
  }
}

export interface StoredRunInput {
  record: RunRecord;
  summary: ReplicatedSummary;
  results: ReplicateResult[];
  /** when the run started; part of its id */
  startedAt: Date;
  /** wall time of the whole run, seconds */
  elapsedSeconds: number;
  /** options the run was started with (CLI flags, overrides): stored as JSON */
  parameters: Record<string, unknown>;
}

/** A stored run as `listRuns` shows it. */
export interface RunRow {
  id: string;
  scenario: string;
  seed: number;
  agents: number;
  days: number;
  replicates: number;
  /** ISO 8601, UTC, millisecond precision */
  startedAt: string;
  elapsedSeconds: number;
  scoresimVersion: string;
}

/** An interval with the intervals of each group beside it. */
export interface StoredInterval extends Interval {
  byGroupInterval: Record<string, Interval>;
}

/** Metrics read back from the store. */
export interface RunSummaryFromStore {
  id: string;
  replicates: number;
  /** the replicate read, or undefined for the run as a whole */
  replicate?: number;
  /** one replicate's metrics; for the whole run, replicate 0's (one replicate) or the means (several) */
  metrics: Record<string, Metric>;
  /** for the whole run with several replicates: mean and 95 % interval of every metric */
  intervals?: Record<string, StoredInterval>;
}

export interface ResultsStore {
  /** the store file, as given to openStore */
  readonly file: string;
  /** Saves a run (runs, daily, metrics, metric_intervals, traces) in one transaction; returns its id. */
  saveRun(input: StoredRunInput): Promise<string>;
  /** Stored runs, newest first. */
  listRuns(): Promise<RunRow[]>;
  /** Metrics of one replicate, or of the whole run (with intervals when it has several replicates). */
  readSummary(id: string, replicate?: number): Promise<RunSummaryFromStore>;
  /** One replicate's daily series as daily.csv text, rebuilt from the daily rows. */
  readDaily(id: string, replicate: number): Promise<string>;
  /** Writes `<table>.parquet` in `dir` for each table, holding the run's rows; returns the files. */
  exportParquet(id: string, dir: string): Promise<string[]>;
  /** Any SQL on the store; BIGINT values come back as numbers when they are safe integers. */
  query(sql: string, values?: DuckDBValue[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Store files open in this process, by real path. */
const openFiles = new Set<string>();

/**
 * Opens (creating the folder, file and tables when missing) the store in `file`, with one
 * connection and one DuckDB thread, so stored and exported values are reproducible.
 */
export async function openStore(file: string): Promise<ResultsStore> {
  const dir = path.dirname(path.resolve(file));
  mkdirSync(dir, { recursive: true });
  const key = path.join(realpathSync(dir), path.basename(file));
  if (openFiles.has(key)) throw new StoreLockedError(file, 'this process');
  openFiles.add(key);
  try {
    // loaded on first use: the native module takes about 250 ms to load, which other commands need not pay
    const api = await import('@duckdb/node-api');
    let instance: DuckDBInstance;
    try {
      instance = await api.DuckDBInstance.create(key, { threads: '1' });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/could not set lock/i.test(message)) throw new StoreLockedError(file, /PID \d+/.exec(message)?.[0] ?? 'another process');
      throw e;
    }
    const connection = await instance.connect();
    try {
      await connection.run('SET threads = 1');
      await connection.run(SCHEMA_SQL);
    } catch (e) {
      connection.closeSync();
      instance.closeSync();
      throw e;
    }
    return new DuckDBResultsStore(file, key, api, instance, connection);
  } catch (e) {
    openFiles.delete(key);
    throw e;
  }
}

/** BIGINTs as numbers (when safe), lists converted item by item. */
function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

class DuckDBResultsStore implements ResultsStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    readonly file: string,
    private readonly key: string,
    private readonly api: typeof import('@duckdb/node-api'),
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Runs operations one after another: they share one connection and its transaction. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.closed) throw new Error(`results store ${this.file} is closed`);
      return f();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async rows(sql: string, values?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql, values);
    return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toPlain(v)])));
  }

  query(sql: string, values?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    return this.serial(() => this.rows(sql, values));
  }

  saveRun(input: StoredRunInput): Promise<string> {
    return this.serial(async () => {
      const { record, summary, results } = input;
      const id = runId(record, input.startedAt);
      const { api, connection } = this;
      const { VARCHAR, INTEGER, BIGINT, DOUBLE } = api;
      const bigints = (xs: readonly number[]) => api.listValue(xs.map((x) => BigInt(x)));
      // explicit types: an empty list (no traced agents) has no item type to infer
      const BIGINTS = api.LIST(BIGINT);
      const runTypes = [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, BIGINT, BIGINT, INTEGER, INTEGER, BIGINTS, INTEGER, BIGINTS, VARCHAR, VARCHAR, VARCHAR, VARCHAR, DOUBLE];
      await connection.run('BEGIN TRANSACTION');
      try {
        const clash = await this.rows('SELECT 1 FROM runs WHERE id = ?', [id]);
        if (clash.length > 0) throw new Error(`run ${id} is already stored in ${this.file}`);
        await connection.run(
          `INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?::JSON, ?, ?::TIMESTAMP, ?)`,
          [
            id, record.scenario, record.scenarioFile, record.scenarioText, record.scenarioSha256,
            BigInt(record.seed), BigInt(record.agents), record.days, record.replicates, bigints(record.seeds),
            record.workers, bigints(record.traced), JSON.stringify(input.parameters), JSON.stringify(summary),
            record.scoresim, input.startedAt.toISOString().replace('Z', ''), input.elapsedSeconds,
          ],
          runTypes,
        );
        for (const r of results) {
          const replicate = { constant: r.replicate };
          await this.appendDaily(id, r.replicate, dailyToColumns(r.daily));
          const m = metricRows(r.summary.metrics);
          await appendColumns(api, connection, 'metrics', [VARCHAR, INTEGER, VARCHAR, VARCHAR, DOUBLE],
            [{ constant: id }, replicate, m.metric, m.group, m.value], m.metric.length);
          const t = traceColumns(r.trace);
          await appendColumns(api, connection, 'traces', [VARCHAR, INTEGER, BIGINT, INTEGER, VARCHAR, VARCHAR],
            [{ constant: id }, replicate, t.agent, t.day, t.kind, t.data], t.kind.length);
        }
        const i = intervalRows(summary.metrics);
        await appendColumns(api, connection, 'metric_intervals', [VARCHAR, VARCHAR, VARCHAR, DOUBLE, DOUBLE, DOUBLE],
          [{ constant: id }, i.metric, i.group, i.mean, i.ciLow, i.ciHigh], i.metric.length);
        await connection.run('COMMIT');
      } catch (e) {
        await connection.run('ROLLBACK');
        throw e;
      }
      return id;
    });
  }

  /**
   * Appends one replicate's daily rows. Group and counter names go in as small integer codes into a
   * temporary table and are resolved in one INSERT: appending them as strings took twice as long
   * (511,000 rows: 740 ms against 390 ms). The INSERT keeps the staged order (DuckDB's default
   * preserve_insertion_order), which readDaily relies on.
   */
  private async appendDaily(id: string, replicate: number, daily: DailyColumns): Promise<void> {
    const { api, connection } = this;
    const { VARCHAR, INTEGER, USMALLINT, DOUBLE, LIST } = api;
    await connection.run('CREATE OR REPLACE TEMP TABLE daily_stage (day INTEGER, g USMALLINT, c USMALLINT, value DOUBLE)');
    await appendColumns(api, connection, 'daily_stage', [INTEGER, USMALLINT, USMALLINT, DOUBLE], [daily.day, daily.group, daily.counter, daily.value], daily.rows);
    await connection.run(
      'INSERT INTO daily SELECT ?, ?, day, (?::VARCHAR[])[g + 1], (?::VARCHAR[])[c + 1], value FROM daily_stage',
      [id, replicate, api.listValue(daily.groups), api.listValue(daily.counters)],
      [VARCHAR, INTEGER, LIST(VARCHAR), LIST(VARCHAR)],
    );
    await connection.run('DROP TABLE daily_stage');
  }

  listRuns(): Promise<RunRow[]> {
    return this.serial(() => this.listed());
  }

  private async listed(limit?: number): Promise<RunRow[]> {
    const rows = await this.rows(`
      SELECT id, scenario, seed, agents, days, replicates,
             strftime(started_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS "startedAt",
             elapsed_seconds AS "elapsedSeconds", scoresim_version AS "scoresimVersion"
      FROM runs ORDER BY runs.started_at DESC, id DESC${limit === undefined ? '' : ` LIMIT ${limit}`}`);
    return rows as unknown as RunRow[];
  }

  /** The run's replicate count, or UnknownRunError naming the newest ids. */
  private async replicatesOf(id: string): Promise<number> {
    const rows = await this.rows('SELECT replicates FROM runs WHERE id = ?', [id]);
    if (rows.length === 0) throw new UnknownRunError(id, this.file, (await this.listed(5)).map((r) => r.id));
    return rows[0].replicates as number;
  }

  readSummary(id: string, replicate?: number): Promise<RunSummaryFromStore> {
    return this.serial(async () => {
      const replicates = await this.replicatesOf(id);
      if (replicate !== undefined && !(Number.isInteger(replicate) && replicate >= 0 && replicate < replicates)) {
        throw new RangeError(`run ${id} has replicates 0 to ${replicates - 1}, not ${replicate}`);
      }
      if (replicate !== undefined || replicates === 1) {
        const rows = await this.rows('SELECT metric, "group", value FROM metrics WHERE run_id = ? AND replicate = ? ORDER BY rowid', [id, replicate ?? 0]);
        const metrics: Record<string, Metric> = {};
        for (const { metric, group, value } of rows as { metric: string; group: string; value: number }[]) {
          const m = (metrics[metric] ??= { overall: NaN, byGroup: {} });
          if (group === ALL_GROUPS) m.overall = value;
          else m.byGroup[group] = value;
        }
        return { id, replicates, replicate, metrics };
      }
      const rows = await this.rows('SELECT metric, "group", mean, ci_low, ci_high FROM metric_intervals WHERE run_id = ? ORDER BY rowid', [id]);
      const metrics: Record<string, Metric> = {};
      const intervals: Record<string, StoredInterval> = {};
      for (const r of rows as { metric: string; group: string; mean: number; ci_low: number; ci_high: number }[]) {
        const interval: Interval = { mean: r.mean, ciLow: r.ci_low, ciHigh: r.ci_high };
        const m = (metrics[r.metric] ??= { overall: NaN, byGroup: {} });
        const i = (intervals[r.metric] ??= { mean: NaN, ciLow: NaN, ciHigh: NaN, byGroupInterval: {} });
        if (r.group === ALL_GROUPS) {
          m.overall = r.mean;
          Object.assign(i, interval);
        } else {
          m.byGroup[r.group] = r.mean;
          i.byGroupInterval[r.group] = interval;
        }
      }
      return { id, replicates, metrics, intervals };
    });
  }

  readDaily(id: string, replicate: number): Promise<string> {
    return this.serial(async () => {
      await this.replicatesOf(id);
      const reader = await this.connection.runAndReadAll('SELECT day, "group", counter, value FROM daily WHERE run_id = ? AND replicate = ? ORDER BY rowid', [id, replicate]);
      const [day, group, counter, value] = reader.getColumnsJS() as [number[], string[], string[], number[]];
      if (day.length === 0) throw new RangeError(`run ${id} has no daily rows for replicate ${replicate}`);
      return columnsToDaily(day, group, counter, value);
    });
  }

  exportParquet(id: string, dir: string): Promise<string[]> {
    return this.serial(async () => {
      await this.replicatesOf(id);
      mkdirSync(dir, { recursive: true });
      const files: string[] = [];
      for (const table of TABLES) {
        const file = path.join(dir, `${table}.parquet`);
        await this.connection.run(
          `COPY (SELECT * FROM ${table} WHERE ${RUN_ID_COLUMN[table]} = ? ORDER BY rowid) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`,
          [id],
        );
        files.push(file);
      }
      return files;
    });
  }

  close(): Promise<void> {
    this.closing ??= this.queue.then(() => {
      this.closed = true;
      this.connection.closeSync();
      this.instance.closeSync();
      openFiles.delete(this.key);
    });
    return this.closing;
  }
}
