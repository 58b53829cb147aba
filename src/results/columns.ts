// Columnar appends into the results store: columns built in JS (typed arrays where numeric) are
// copied into DuckDB data chunks of up to 2,048 rows and appended, far faster than row by row.
import type { DuckDBAppender, DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';

/** One column to append: its values, one per row, or one value repeated on every row. */
export type ColumnValues = ArrayLike<DuckDBValue> | { constant: DuckDBValue };

/** DuckDB's standard vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

type Api = typeof import('@duckdb/node-api');

/**
 * Appends `rows` rows to `table` from `columns` (in the table's column order, with `types` their
 * DuckDB types) through one appender. Runs inside the connection's open transaction, if any.
 */
export async function appendColumns(api: Api, connection: DuckDBConnection, table: string, types: readonly DuckDBType[], columns: readonly ColumnValues[], rows: number): Promise<void> {
  if (rows === 0) return;
  const appender: DuckDBAppender = await connection.createAppender(table);
  try {
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows - start);
      // a fresh chunk per batch: setting a chunk's row count drops the vectors already fetched from it
      const chunk = api.DuckDBDataChunk.create(types, count);
      for (let c = 0; c < columns.length; c++) {
        const vector = chunk.getColumnVector(c);
        const column = columns[c];
        if ('constant' in column) {
          for (let i = 0; i < count; i++) vector.setItem(i, column.constant);
        } else {
          for (let i = 0; i < count; i++) vector.setItem(i, column[start + i]);
        }
        vector.flush();
      }
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
