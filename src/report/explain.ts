// Tells one agent's story from its trace: who it is, what it did, what was recorded against it
// and why, how its recorded and true scores moved, each sanction and whether it was wrongful.
import type { TraceEntry } from '../engine/trace.ts';

const IRREGULAR: Record<string, string> = { child: 'children' };
const plural = (n: number, word: string) => `${n} ${n === 1 ? word : (IRREGULAR[word] ?? `${word}s`)}`;

function describeAgent(e: TraceEntry): string {
  const household = e.household as string[];
  const children = household.filter((a) => a === 'child').length;
  const others = household.length - 1;
  const parts = [
    `a${/^[aeiou]/.test(String(e.group)) ? 'n' : ''} ${e.group} ${e.ageClass} living in region ${e.region} (${e.regionKind})`,
    others === 0 ? 'alone' : `in a household of ${household.length}${children > 0 ? ` with ${plural(children, 'child')}` : ''}`,
  ];
  const extras = [e.employed ? 'employed' : undefined, e.pet ? 'keeps a pet' : undefined].filter(Boolean);
  return `${parts.join(', ')}${extras.length ? `; ${extras.join(', ')}` : ''}. Starting score: ${e.score}.`;
}

function describeRecord(e: TraceEntry): string {
  const moved = (before: unknown, after: unknown) => (before === after ? `${after} (unchanged)` : `${before} → ${after}`);
  const scores = `recorded score ${moved(e.scoreBefore, e.score)}; true score ${moved(e.trueScoreBefore, e.trueScore)}`;
  switch (e.cause) {
    case 'misattribution':
      return `recorded for ${e.event} that agent ${e.source} did: a camera's face identification named this agent instead (misattribution, an error). ${scores}.`;
    case 'fraud':
      return `recorded for ${e.event} through a phone number registered fraudulently under this agent's identity (an error). ${scores}.`;
    case 'censor':
      return e.error
        ? `a post was flagged by the censor although it was not targeted speech (a censor error), recorded as ${e.event}. ${scores}.`
        : `a post was flagged by the censor as targeted speech and recorded as ${e.event}. ${scores}.`;
    default:
      return `recorded for ${e.event}, which this agent did. ${scores}.`;
  }
}

function describe(e: TraceEntry): string | undefined {
  switch (e.kind) {
    case 'event':
      return `did: ${e.event}.`;
    case 'camera':
      if (e.outcome === 'identified') return `a camera saw the ${e.event} and identified this agent correctly.`;
      if (e.outcome === 'misattributed') return `a camera saw the ${e.event} but identified agent ${e.target} instead: that agent was recorded for it, this one was not.`;
      if (e.outcome === 'unidentified') return `a camera saw the ${e.event} but could not identify anyone.`;
      return undefined;
    case 'deterred':
      return `refrained from ${e.event} (deterrence).`;
    case 'chilled':
      return `held back a post (${e.event}) under monitoring (chilling).`;
    case 'post':
      return e.targeted ? `a post (${e.event}) was flagged and deleted by the censor.` : `a post (${e.event}) was flagged and deleted by mistake.`;
    case 'record':
      return describeRecord(e);
    case 'list':
      return e.action === 'enter'
        ? `put on the ${e.list} list${e.until !== undefined ? ` (until day ${e.until} unless it pays first)` : ''}.`
        : `left the ${e.list} list.`;
    case 'sanction': {
      if (e.action === 'exit') return `sanction ${e.status} lifted (${e.why}).`;
      const lost = (e.lost as string[] | undefined) ?? [];
      const effects = [
        ...lost.map((x) => `lost its ${x}`),
        ...(e.billboard ? ['was shown on public billboards'] : []),
      ];
      const tail = effects.length ? ` It ${effects.join(' and ')}.` : '';
      return (e.wrongful
        ? `sanction ${e.status} imposed — WRONGFUL: the recorded score ${e.score} met its condition, the true score ${e.trueScore} would not have.`
        : `sanction ${e.status} imposed (recorded score ${e.score}; the true score ${e.trueScore} meets its condition too).`) + tail;
    }
    case 'perk':
      return e.action === 'enter' ? `granted perk ${e.status}.` : `lost perk ${e.status}.`;
    case 'gate': {
      const outcome: Record<string, string> = {
        admitted: 'admitted',
        deniedByPolicy: 'denied by policy',
        deniedByPolicyWrongly: 'denied by policy on the strength of a wrongful sanction or record',
        deniedByVerification: 'denied: face verification failed on every try although this is the right person',
      };
      return `${e.gate}: ${outcome[String(e.outcome)] ?? e.outcome}.`;
    }
    case 'fraud':
      if (e.action === 'registered') return `a phone number was registered fraudulently under this agent's identity (${plural(Number(e.numbers), 'such number')} now).`;
      if (e.action === 'misused') return 'a fraudulent number under this agent\'s name was misused.';
      return `checked the registry and had ${plural(Number(e.numbers), 'fraudulent number')} removed.`;
    case 'breach':
      return `its ${e.store} records leaked in a data breach.`;
    default:
      return undefined;
  }
}

/** The agent's story, one line per day with something to tell. */
export function explainAgent(agent: number, entries: readonly TraceEntry[]): string {
  const own = entries.filter((e) => e.agent === agent);
  if (own.length === 0) return `Agent ${agent}: nothing was traced for this agent.`;
  const lines: string[] = [];
  const start = own.find((e) => e.kind === 'agent');
  lines.push(`Agent ${agent}: ${start ? describeAgent(start) : ''}`.trimEnd());
  for (const e of own) {
    if (e.kind === 'agent' || e.kind === 'final') continue;
    const text = describe(e);
    if (text !== undefined) lines.push(`  day ${String(e.day).padStart(4)}: ${text}`);
  }
  const end = own.find((e) => e.kind === 'final');
  if (end) {
    const active = end.active as string[];
    const wrongful = end.wrongful as string[];
    lines.push(`At the end (day ${end.day}): recorded score ${end.score} (grade ${end.grade}), true score ${end.trueScore} (grade ${end.trueGrade}).`);
    lines.push(active.length
      ? `  Under: ${active.map((s) => (wrongful.includes(s) ? `${s} (wrongful)` : s)).join(', ')}.`
      : '  Under no sanction or perk.');
    if ((end.lists as string[]).length) lines.push(`  On list: ${(end.lists as string[]).join(', ')}.`);
    lines.push(end.everWrongful ? '  This agent was wrongfully sanctioned during the run.' : '  This agent was never wrongfully sanctioned.');
  }
  return lines.join('\n');
}
