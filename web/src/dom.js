// Tiny DOM builders. Children that are strings become text nodes; attributes are set with
// setAttribute. Nothing here ever parses markup, so data stays data.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const svgNs = 'http://www.w3.org/2000/svg';
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(svgNs, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Severity icons: different shapes, not only different colours.
export function severityIcon(severity) {
  const common = { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false', class: 'icon', part: 'icon' };
  if (severity === 'critical') {
    return svg('svg', common,
      svg('path', { d: 'M8 2h8l6 6v8l-6 6H8l-6-6V8z', fill: 'currentColor' }),
      svg('path', { d: 'M12 6.5v7', stroke: '#fff', 'stroke-width': '2.4', 'stroke-linecap': 'round' }),
      svg('circle', { cx: '12', cy: '17.3', r: '1.4', fill: '#fff' }));
  }
  if (severity === 'warning') {
    return svg('svg', common,
      svg('path', { d: 'M12 2.5 23 21.5H1z', fill: 'currentColor', 'stroke-linejoin': 'round' }),
      svg('path', { d: 'M12 9v6', stroke: '#fff', 'stroke-width': '2.4', 'stroke-linecap': 'round' }),
      svg('circle', { cx: '12', cy: '18.2', r: '1.3', fill: '#fff' }));
  }
  return svg('svg', common,
    svg('circle', { cx: '12', cy: '12', r: '10.5', fill: 'currentColor' }),
    svg('path', { d: 'M12 11v6', stroke: '#fff', 'stroke-width': '2.4', 'stroke-linecap': 'round' }),
    svg('circle', { cx: '12', cy: '7.3', r: '1.4', fill: '#fff' }));
}

export function closeIcon() {
  return svg('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' },
    svg('path', { d: 'M3 3l10 10M13 3 3 13', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' }));
}
