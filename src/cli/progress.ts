// Progress of a run on stderr: a bar with day, events/s and ETA on a terminal; plain lines (at most
// every few seconds and at each tenth of the run) otherwise.
import cliProgress from 'cli-progress';

export interface Progress {
  day(day: number, events: number): void;
  stop(): void;
}

function rate(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

/**
 * The progress display is created at the first day's report, once the population exists: the clock
 * starts there, so rates and ETA cover the days after it and the first line shows no rate. With
 * `runs` above one it follows that many runs of `days` days together (replicates run at once): its
 * position is the days all of them have finished, out of runs × days.
 */
export function createProgress(label: string, days: number, stream: NodeJS.WriteStream = process.stderr, runs = 1): Progress {
  const total = days * runs;
  const position = runs === 1 ? (n: number | string, of: number | string) => `day ${n}/${of}` : (n: number | string, of: number | string) => `${n}/${of} days`;
  let started = performance.now();
  let events = 0;
  let firstDay = -1;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: `${label} [{bar}] ${position('{value}', '{total}')} | {rate} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { rate: '0' });
    return {
      day(day, n) {
        if (firstDay < 0) {
          firstDay = day;
          started = performance.now();
        } else events += n;
        const seconds = (performance.now() - started) / 1000;
        bar.update(day, { rate: day > firstDay && seconds > 0 ? rate(events / seconds) : '—' });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = started;
  let lastTenth = 0;
  return {
    day(day, n) {
      if (firstDay < 0) {
        firstDay = day;
        started = performance.now();
      } else events += n;
      const now = performance.now();
      const tenth = Math.floor((10 * day) / total);
      if (tenth === lastTenth && now - lastLine < 5000 && day !== total) return;
      lastTenth = tenth;
      lastLine = now;
      const seconds = (now - started) / 1000;
      const done = day - firstDay;
      const speed = done > 0 ? `${rate(events / Math.max(seconds, 1e-9))} events/s, ETA ${((seconds / done) * (total - day)).toFixed(0)} s` : 'measuring speed';
      stream.write(`${label}: ${position(day, total)} (${Math.round((100 * day) / total)}%), ${speed}\n`);
    },
    stop() {},
  };
}
