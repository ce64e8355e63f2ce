// The banner's styles, adopted into its shadow root (a constructed stylesheet: allowed under a
// strict CSP without 'unsafe-inline'). Themable through the --respite-* custom properties and the
// ::part() names listed in web/README.md.
export const bannerCss = `
:host {
  display: block;
  container-type: inline-size;
  font: var(--respite-font, 400 0.95rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  --_info-bg: var(--respite-info-background, #eef4ff);
  --_info-fg: var(--respite-info-color, #17233f);
  --_info-accent: var(--respite-info-accent, #2c56c9);
  --_warning-bg: var(--respite-warning-background, #fff5dc);
  --_warning-fg: var(--respite-warning-color, #3a2800);
  --_warning-accent: var(--respite-warning-accent, #8a5200);
  --_critical-bg: var(--respite-critical-background, #fdeceb);
  --_critical-fg: var(--respite-critical-color, #4a0b0b);
  --_critical-accent: var(--respite-critical-accent, #b3261e);
  --_on-accent: var(--respite-on-accent, #ffffff);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_info-bg: var(--respite-info-background, #15213b);
    --_info-fg: var(--respite-info-color, #dde7ff);
    --_info-accent: var(--respite-info-accent, #8fb0ff);
    --_warning-bg: var(--respite-warning-background, #30250b);
    --_warning-fg: var(--respite-warning-color, #ffe8b3);
    --_warning-accent: var(--respite-warning-accent, #f2b84b);
    --_critical-bg: var(--respite-critical-background, #3b1515);
    --_critical-fg: var(--respite-critical-color, #ffdcdc);
    --_critical-accent: var(--respite-critical-accent, #ff8a80);
    --_on-accent: var(--respite-on-accent, #111111);
  }
}
.banner {
  --_bg: var(--_info-bg); --_fg: var(--_info-fg); --_accent: var(--_info-accent);
  display: grid;
  grid-template-columns: auto minmax(0, 1fr) auto auto;
  grid-template-areas: "icon body actions dismiss";
  align-items: center;
  gap: 0.5rem 1rem;
  padding: 0.75rem 1rem;
  background: var(--_bg);
  color: var(--_fg);
  border: 1px solid color-mix(in srgb, var(--_accent) 35%, transparent);
  border-inline-start: 0.375rem solid var(--_accent);
  border-radius: var(--respite-radius, 0.5rem);
  box-shadow: var(--respite-shadow, 0 1px 2px rgb(0 0 0 / 0.08));
  animation: respite-enter 180ms ease-out;
}
.banner[data-severity="warning"] { --_bg: var(--_warning-bg); --_fg: var(--_warning-fg); --_accent: var(--_warning-accent); }
.banner[data-severity="critical"] { --_bg: var(--_critical-bg); --_fg: var(--_critical-fg); --_accent: var(--_critical-accent); }
/* A slight slide, no fade: the banner is readable in the very first frame that shows it. */
@keyframes respite-enter { from { transform: translateY(-0.25rem); } }
@media (prefers-reduced-motion: reduce) { .banner { animation: none; } }
.icon { grid-area: icon; width: 1.75rem; height: 1.75rem; color: var(--_accent); align-self: start; flex: none; }
.body { grid-area: body; min-width: 0; overflow-wrap: anywhere; }
.headline { margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 0.5rem; }
.tag {
  font-size: 0.75rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase;
  padding: 0.05rem 0.4rem; border-radius: 0.25rem; border: 1px solid currentColor;
}
.title { font-weight: 650; }
.message { margin: 0.15rem 0 0; }
.countdown { margin: 0.15rem 0 0; font-variant-numeric: tabular-nums; font-weight: 600; }
.actions { grid-area: actions; display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: flex-end; }
button {
  font: inherit; font-weight: 600; cursor: pointer;
  min-height: 2.5rem; padding: 0.4rem 0.9rem;
  border-radius: var(--respite-button-radius, 0.375rem);
  border: 2px solid var(--_accent);
  background: transparent; color: var(--_fg);
}
button.primary { background: var(--_accent); color: var(--_on-accent); }
button:hover { filter: brightness(0.95); }
button:focus-visible { outline: 3px solid var(--respite-focus-color, var(--_fg)); outline-offset: 2px; }
.dismiss {
  grid-area: dismiss; align-self: start;
  min-width: 2.5rem; padding: 0.25rem; border-color: transparent; font-size: 1.25rem; line-height: 1;
}
.dismiss svg { width: 1rem; height: 1rem; vertical-align: middle; }
@container (max-width: 40rem) {
  .banner { grid-template-columns: auto minmax(0, 1fr) auto; grid-template-areas: "icon body dismiss" "actions actions actions"; }
  .actions { justify-content: flex-start; }
}
@media (forced-colors: active) {
  .banner { border: 2px solid CanvasText; }
  button.primary { forced-color-adjust: none; background: ButtonText; color: ButtonFace; }
}
`;

let sheet = null;
export function bannerSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(bannerCss);
  }
  return sheet;
}
