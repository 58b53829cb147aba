// A simulation worker thread: owns a range of blocks and answers the executor's day protocol.
import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnBuffers } from '../engine/columns.ts';
import type { SimulationPlan } from '../engine/plan.ts';
import { BlockRunner } from '../engine/runner.ts';
import { MECHANISMS } from '../mechanisms/index.ts';
import type { BlockRange } from './partition.ts';

const { plan, buffers, range, traced } = workerData as { plan: SimulationPlan; buffers: ColumnBuffers; range: BlockRange; traced: number[] };
const runner = new BlockRunner(plan, buffers, range.from, range.to, MECHANISMS, traced);
const port = parentPort!;

port.on('message', (message: { id: number; command: string; payload: any }) => {
  const { id, command, payload } = message;
  try {
    switch (command) {
      case 'populate':
        runner.populate();
        port.postMessage({ id });
        break;
      case 'before': {
        const outbox = runner.before(payload.day, payload.signals);
        port.postMessage({ id, result: outbox }, [outbox.buffer as ArrayBuffer]);
        break;
      }
      case 'after':
        runner.after(payload.day, payload.inbox);
        port.postMessage({ id, result: { events: runner.eventsLastDay, signals: runner.takeSignals() } });
        break;
      case 'tally':
        port.postMessage({ id, result: runner.tally() });
        break;
      default:
        port.postMessage({ id, error: `unknown command ${command}` });
    }
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
