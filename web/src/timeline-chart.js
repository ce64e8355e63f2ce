// The grace period drawn on a time axis: stage bands, "now", reminder ticks (triangles above),
// retry ticks (circles below), suspension and cancellation lines, dates underneath. Laid out
// in real pixels for the width it gets, so text stays readable from 360 px phones up.
import { svg } from './dom.js';
import { formatDateTime, formatShortDate } from './format.js';
import { stageLabel } from './messages.js';

const pad = 14;
const height = 134;
const rows = { nowLabel: 14, reminder: 33, bandTop: 42, bandBottom: 72, retry: 82, axis: 92, date1: 108, date2: 124 };
const charWidth = 6.4;

function stageSeverity(policy, name) {
  const lists = [policy?.stages ?? [], ...(policy?.overrides ?? []).map((o) => o.stages ?? [])];
  for (const stages of lists) {
    const stage = stages.find((s) => s.name === name);
    if (stage) return stage.severity ?? 'info';
  }
  return 'info';
}

// detail "stopped: hard_decline": the retry will not happen (a hard or authentication decline).
export function retryStopped(event) {
  return String(event.detail ?? '').startsWith('stopped');
}

export function eventLabel(t, event) {
  switch (event.kind) {
    case 'grace_start': return t('event.grace_start');
    case 'stage': return stageLabel(t, event.name);
    case 'reminder': {
      // detail: the channel, then ", sent" once the reminder went out.
      const [channel, ...flags] = String(event.detail ?? '').split(', ');
      const label = t('event.reminder', { channel: t.has(`channel.${channel}`) ? t(`channel.${channel}`) : channel });
      return flags.includes('sent') ? `${label} (${t('event.sent')})` : label;
    }
    case 'retry': {
      const number = /(\d+)$/.exec(event.name ?? '')?.[1];
      const label = number ? `${t('event.retry')} ${number}` : t('event.retry');
      return retryStopped(event) ? `${label} (${t('event.retryStopped')})` : label;
    }
    case 'suspension': return t('event.suspension');
    case 'cancellation': return t('event.cancellation');
    default: return String(event.name ?? event.kind);
  }
}

export function renderTimelineChart({ timeline, policy, width, t, locale, zone, titleId }) {
  const events = timeline.events ?? [];
  const now = Date.parse(timeline.now);
  const times = events.map((e) => Date.parse(e.at));
  let start = Math.min(...times, now);
  let end = Math.max(...times, now);
  if (!(end > start)) end = start + 86400000;
  const span = end - start;
  start -= span * 0.02;
  end += span * 0.04;
  const w = Math.max(280, Math.round(width));
  const x = (ms) => pad + ((ms - start) / (end - start)) * (w - 2 * pad);

  const title = svg('title', { id: titleId }, t('portal.timelineSummary', {
    start: formatDateTime(locale, times.length ? Math.min(...times) : now, zone),
    end: formatDateTime(locale, times.length ? Math.max(...times) : now, zone),
  }));
  const root = svg('svg', {
    class: 'timeline-svg', part: 'timeline-chart', role: 'img', 'aria-labelledby': titleId,
    viewBox: `0 0 ${w} ${height}`, width: w, height,
  }, title);

  // Stage bands, each to the next stage, the cancellation, or the end of the axis.
  const stages = events.filter((e) => e.kind === 'stage');
  const cancellation = events.find((e) => e.kind === 'cancellation');
  const bandEnd = (index) => {
    if (index + 1 < stages.length) return Date.parse(stages[index + 1].at);
    return cancellation ? Date.parse(cancellation.at) : end;
  };
  const bands = svg('g', { class: 'bands' });
  stages.forEach((stage, index) => {
    const x0 = x(Date.parse(stage.at));
    const x1 = x(bandEnd(index));
    const label = stageLabel(t, stage.name);
    bands.append(svg('rect', {
      class: `seg seg-${stageSeverity(policy, stage.name)}`, x: x0, y: rows.bandTop,
      width: Math.max(1, x1 - x0), height: rows.bandBottom - rows.bandTop, rx: 3,
    }, svg('title', {}, `${label} — ${formatDateTime(locale, Date.parse(stage.at), zone)}`)));
    if (label.length * charWidth + 10 < x1 - x0) {
      bands.append(svg('text', { class: 'seg-label', x: x0 + 5, y: rows.bandTop + 19 }, label));
    }
  });
  if (cancellation && Date.parse(cancellation.at) < end) {
    const x0 = x(Date.parse(cancellation.at));
    bands.append(svg('rect', { class: 'seg seg-canceled', x: x0, y: rows.bandTop, width: Math.max(1, x(end) - x0), height: rows.bandBottom - rows.bandTop, rx: 3 }));
  }
  root.append(bands);

  root.append(svg('line', { class: 'axis', x1: pad, x2: w - pad, y1: rows.axis, y2: rows.axis }));

  // Suspension and cancellation: dashed lines across the band.
  for (const event of events.filter((e) => e.kind === 'suspension' || e.kind === 'cancellation')) {
    const ex = x(Date.parse(event.at));
    root.append(svg('line', { class: 'limit', x1: ex, x2: ex, y1: rows.bandTop - 4, y2: rows.axis + 4 },
      svg('title', {}, `${eventLabel(t, event)} — ${formatDateTime(locale, Date.parse(event.at), zone)}`)));
  }

  // Reminder triangles above, retry circles below.
  for (const event of events) {
    const ex = x(Date.parse(event.at));
    const label = `${eventLabel(t, event)} — ${formatDateTime(locale, Date.parse(event.at), zone)}`;
    const past = event.past ? ' past' : '';
    if (event.kind === 'reminder') {
      const y = rows.reminder;
      root.append(svg('path', { class: `reminder${past}`, d: `M${ex - 5} ${y - 7}h10l-5 8z` }, svg('title', {}, label)));
    } else if (event.kind === 'retry') {
      const stopped = retryStopped(event) ? ' stopped' : '';
      root.append(svg('circle', { class: `retry${past}${stopped}`, cx: ex, cy: rows.retry, r: 4 }, svg('title', {}, label)));
    }
  }

  // Dates under the axis: grace start, suspension and cancellation first, then stage starts.
  const candidates = [];
  const first = events.find((e) => e.kind === 'grace_start') ?? stages[0];
  if (first) candidates.push({ at: Date.parse(first.at), priority: 0 });
  for (const event of events) {
    if (event.kind === 'suspension' || event.kind === 'cancellation') candidates.push({ at: Date.parse(event.at), priority: 1 });
    else if (event.kind === 'stage') candidates.push({ at: Date.parse(event.at), priority: 2 });
  }
  candidates.sort((a, b) => a.priority - b.priority);
  const placed = [[], []];
  const seen = new Set();
  for (const candidate of candidates) {
    const text = formatShortDate(locale, candidate.at, zone);
    if (seen.has(candidate.at)) continue;
    const cx = x(candidate.at);
    const half = (text.length * charWidth) / 2 + 4;
    const left = Math.max(0, Math.min(cx - half, w - 2 * half));
    const box = [left, left + 2 * half];
    const row = placed.findIndex((boxes) => boxes.every(([a, b]) => box[1] < a || box[0] > b));
    if (row < 0) continue;
    placed[row].push(box);
    seen.add(candidate.at);
    root.append(svg('line', { class: 'axis', x1: cx, x2: cx, y1: rows.axis - 3, y2: rows.axis + 3 }));
    root.append(svg('text', { class: 'date', x: left + half, y: row === 0 ? rows.date1 : rows.date2, 'text-anchor': 'middle' }, text));
  }

  // Now: a solid line through everything, labelled on top.
  const nx = Math.min(Math.max(x(now), pad), w - pad);
  root.append(svg('line', { class: 'now-line', x1: nx, x2: nx, y1: rows.nowLabel + 4, y2: rows.axis + 6 }));
  const nowText = t('portal.now');
  const anchor = nx < 30 ? 'start' : nx > w - 30 ? 'end' : 'middle';
  root.append(svg('text', { class: 'now-label', x: nx, y: rows.nowLabel, 'text-anchor': anchor }, nowText));
  return root;
}

// The small key under the chart.
export function legend(t) {
  const item = (shape, label) => {
    const li = document.createElement('li');
    li.append(shape, document.createTextNode(label));
    return li;
  };
  const list = document.createElement('ul');
  list.className = 'legend';
  list.setAttribute('aria-hidden', 'true');
  list.append(
    item(svg('svg', { viewBox: '0 0 12 12' }, svg('path', { d: 'M1 2h10l-5 8z', class: 'reminder', fill: 'currentColor' })), t('portal.legendReminder')),
    item(svg('svg', { viewBox: '0 0 12 12' }, svg('circle', { cx: 6, cy: 6, r: 4, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 })), t('event.retry')),
    item(svg('svg', { viewBox: '0 0 12 12' }, svg('path', { d: 'M6 0v12', stroke: 'currentColor', 'stroke-width': 2 })), t('portal.now')),
    item(svg('svg', { viewBox: '0 0 12 12' }, svg('path', { d: 'M6 0v12', stroke: 'currentColor', 'stroke-width': 2, 'stroke-dasharray': '3 2' })), t('portal.legendLimit')),
  );
  return list;
}
