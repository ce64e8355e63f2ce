// The portal's styles (a constructed stylesheet, CSP-safe). Same --respite-* custom properties as
// the banner, plus --respite-surface, --respite-text, --respite-muted, --respite-border.
export const portalCss = `
:host {
  display: block;
  container-type: inline-size;
  font: var(--respite-font, 400 0.95rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--_text);
  --_surface: var(--respite-surface, #ffffff);
  --_text: var(--respite-text, #1b1f24);
  --_muted: var(--respite-muted, #57606a);
  --_border: var(--respite-border, #d0d7de);
  --_subtle: var(--respite-subtle, #f6f8fa);
  --_info: var(--respite-info-accent, #2c56c9);
  --_warning: var(--respite-warning-accent, #8a5200);
  --_critical: var(--respite-critical-accent, #b3261e);
  --_ok: var(--respite-ok-accent, #1a7f37);
  --_on-accent: var(--respite-on-accent, #ffffff);
  --_info-soft: var(--respite-info-background, #eef4ff);
  --_warning-soft: var(--respite-warning-background, #fff5dc);
  --_critical-soft: var(--respite-critical-background, #fdeceb);
  --_ok-soft: var(--respite-ok-background, #e8f6ec);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_surface: var(--respite-surface, #161b22);
    --_text: var(--respite-text, #e6edf3);
    --_muted: var(--respite-muted, #9ba7b4);
    --_border: var(--respite-border, #3d444d);
    --_subtle: var(--respite-subtle, #1f252d);
    --_info: var(--respite-info-accent, #8fb0ff);
    --_warning: var(--respite-warning-accent, #f2b84b);
    --_critical: var(--respite-critical-accent, #ff8a80);
    --_ok: var(--respite-ok-accent, #56d364);
    --_on-accent: var(--respite-on-accent, #111111);
    --_info-soft: var(--respite-info-background, #15213b);
    --_warning-soft: var(--respite-warning-background, #30250b);
    --_critical-soft: var(--respite-critical-background, #3b1515);
    --_ok-soft: var(--respite-ok-background, #12301b);
  }
}
* { box-sizing: border-box; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.portal { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
.card {
  background: var(--_surface); border: 1px solid var(--_border);
  border-radius: var(--respite-radius, 0.5rem); padding: 1rem 1.25rem; min-width: 0;
  overflow-wrap: anywhere;
}
h2, h3 { margin: 0 0 0.5rem; line-height: 1.25; }
h2 { font-size: 1.25rem; }
h3 { font-size: 1rem; }
p { margin: 0.25rem 0; }
.muted { color: var(--_muted); }
.header { display: grid; gap: 0.5rem; border-inline-start: 0.375rem solid var(--_accent, var(--_ok)); }
.header[data-severity="info"] { --_accent: var(--_info); }
.header[data-severity="warning"] { --_accent: var(--_warning); }
.header[data-severity="critical"] { --_accent: var(--_critical); }
.header-top { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
.customer { font-weight: 600; overflow-wrap: anywhere; min-width: 0; max-width: 100%; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.badges { display: flex; flex-wrap: wrap; gap: 0.4rem; }
.badge {
  display: inline-flex; align-items: center; gap: 0.3rem; font-size: 0.8rem; font-weight: 650;
  padding: 0.1rem 0.55rem; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap;
}
.badge svg { width: 0.9rem; height: 0.9rem; }
.badge.state { color: var(--_accent, var(--_ok)); }
.status-line { display: flex; align-items: flex-start; gap: 0.6rem; }
.status-line .icon { width: 1.6rem; height: 1.6rem; flex: none; color: var(--_accent, var(--_ok)); }
.status-title { font-weight: 650; font-size: 1.05rem; }
.countdown { font-weight: 650; font-variant-numeric: tabular-nums; }
.notice { padding: 0.5rem 0.75rem; border-radius: 0.375rem; background: var(--_ok-soft); border: 1px solid var(--_ok); }
.notice.recovered::before { content: "✓ "; font-weight: 700; }
.chips { display: flex; flex-wrap: wrap; gap: 0.3rem; padding: 0; margin: 0.25rem 0 0; list-style: none; }
.chips li { font: 0.8rem ui-monospace, SFMono-Regular, Menlo, monospace; padding: 0.05rem 0.4rem; border-radius: 0.25rem; background: var(--_subtle); border: 1px solid var(--_border); max-width: 100%; overflow-wrap: anywhere; }
.layout { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 56rem) {
  .layout { grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); align-items: start; }
  .side { grid-column: 2; grid-row: 1 / span 2; }
}
.stack { display: grid; gap: 1rem; min-width: 0; }
.amount-due { font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; margin: 0.25rem 0 0.5rem; }
button {
  font: inherit; font-weight: 600; cursor: pointer; min-height: 2.5rem; padding: 0.4rem 0.9rem;
  border-radius: var(--respite-button-radius, 0.375rem); border: 2px solid var(--_button, var(--_info));
  background: transparent; color: var(--_text);
}
button.primary { background: var(--_button, var(--_info)); color: var(--_on-accent); }
button:focus-visible { outline: 3px solid var(--respite-focus-color, var(--_text)); outline-offset: 2px; }
.actions-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
.actions-list li { display: grid; gap: 0.4rem; padding: 0.6rem 0.75rem; border-radius: 0.375rem; background: var(--_subtle); border: 1px solid var(--_border); }
.actions-list button { justify-self: start; }
.deadline-note { font-size: 0.85rem; color: var(--_muted); }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: start; padding: 0.45rem 0.5rem; border-bottom: 1px solid var(--_border); vertical-align: top; overflow-wrap: anywhere; }
th { font-size: 0.8rem; color: var(--_muted); font-weight: 600; }
td.num, th.num { text-align: end; }
.status-pill { font-size: 0.8rem; font-weight: 650; white-space: nowrap; }
.status-pill[data-status="overdue"] { color: var(--_critical); }
.status-pill[data-status="paid"] { color: var(--_ok); }
.status-pill[data-status="overdue"]::before { content: "! "; }
.status-pill[data-status="paid"]::before { content: "✓ "; }
td.id { min-width: 8.5em; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85rem; }
@container (max-width: 40rem) {
  .card { padding: 0.85rem; }
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  tr { border: 1px solid var(--_border); border-radius: 0.375rem; padding: 0.4rem 0.6rem; margin-bottom: 0.6rem; }
  td { border: 0; padding: 0.15rem 0; display: flex; gap: 0.75rem; justify-content: space-between; }
  td.num { text-align: end; }
  td::before { content: attr(data-label); color: var(--_muted); font-size: 0.8rem; flex: none; }
  td > * { min-width: 0; }
}
.warning-text { color: var(--_warning); font-weight: 600; }
.warning-text::before { content: "⚠ "; }
.critical-text { color: var(--_critical); font-weight: 600; }
.critical-text::before { content: "⚠ "; }
.timeline-figure { margin: 0; }
.timeline-svg { display: block; width: 100%; height: auto; overflow: visible; font-size: 12px; }
.timeline-svg text { fill: var(--_text); }
.timeline-svg .axis { stroke: var(--_muted); stroke-width: 1; }
.timeline-svg .seg-info { fill: var(--_info-soft); stroke: var(--_info); }
.timeline-svg .seg-warning { fill: var(--_warning-soft); stroke: var(--_warning); }
.timeline-svg .seg-critical { fill: var(--_critical-soft); stroke: var(--_critical); }
.timeline-svg .seg-canceled { fill: var(--_subtle); stroke: var(--_muted); stroke-dasharray: 3 3; }
.timeline-svg .seg-label { font-size: 11px; font-weight: 600; }
.timeline-svg .now-line { stroke: var(--_text); stroke-width: 2; }
.timeline-svg .now-label { font-weight: 700; font-size: 11px; }
.timeline-svg .reminder { fill: var(--_info); }
.timeline-svg .retry { fill: var(--_surface); stroke: var(--_text); stroke-width: 1.5; }
.timeline-svg .past.retry { fill: var(--_muted); stroke: var(--_muted); }
.timeline-svg .retry.stopped { fill: none; stroke: var(--_muted); stroke-dasharray: 2 2; }
.timeline-svg .past.reminder { fill: var(--_muted); }
.timeline-svg .limit { stroke: var(--_critical); stroke-width: 2; stroke-dasharray: 4 3; }
.timeline-svg .date { font-size: 11px; fill: var(--_muted); }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.8rem; color: var(--_muted); margin: 0.25rem 0 0.5rem; padding: 0; list-style: none; }
.legend svg { width: 0.8rem; height: 0.8rem; vertical-align: -0.1rem; margin-inline-end: 0.25rem; }
.events { margin: 0.5rem 0 0; padding: 0; list-style: none; display: grid; gap: 0.15rem; font-size: 0.875rem; }
.events li { display: grid; grid-template-columns: minmax(8rem, 11rem) minmax(0, 1fr); gap: 0.75rem; padding: 0.2rem 0; border-bottom: 1px dotted var(--_border); }
.events li.past { color: var(--_muted); }
.events li.now { font-weight: 700; color: var(--_text); border-bottom: 2px solid var(--_text); }
.events time { font-variant-numeric: tabular-nums; }
@container (max-width: 30rem) { .events li { grid-template-columns: minmax(0, 1fr); gap: 0; } }
details summary { cursor: pointer; font-weight: 600; }
details summary:focus-visible { outline: 3px solid var(--_text); outline-offset: 2px; }
.error { border-color: var(--_critical); }
@media (prefers-reduced-motion: no-preference) { .notice.recovered { animation: respite-pop 300ms ease-out; } }
@keyframes respite-pop { from { transform: scale(0.98); opacity: 0; } }
`;

let sheet = null;
export function portalSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(portalCss);
  }
  return sheet;
}
