// Draws a respite.report/1 document (embedded in this page) as cards, charts and tables.
// Amounts arrive in minor units; Intl knows each currency's number of decimals.
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('respite-data').textContent);
  var app = document.getElementById('app');
  var stateColor = { good_standing: '#2a9d8f', grace: '#e8a33a', suspended: '#c0392b', canceled: '#5b6478' };
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function digits(currency) {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency: currency })
        .resolvedOptions().maximumFractionDigits;
    } catch (e) { return 2; }
  }
  function major(amount, currency) { return amount / Math.pow(10, digits(currency)); }
  function money(amount, currency) {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency: currency }).format(major(amount, currency));
    } catch (e) { return amount + ' ' + currency; }
  }
  // Money shows in one currency at a time (the picker at the top); CSV and JSON hold them all.
  var shown = null;
  function moneyMap(m) {
    return money((m || {})[shown] || 0, shown);
  }
  // Cards are small: compact notation ($4.68M); the tables hold the exact figures.
  function moneyShort(m) {
    var v = major((m || {})[shown] || 0, shown);
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency: shown, notation: 'compact', maximumFractionDigits: 2 }).format(v);
    } catch (e) { return moneyMap(m); }
  }
  function count(n) { return new Intl.NumberFormat('en').format(n); }
  function pct(bp) { return bp === null || bp === undefined ? '\u2013' : (bp / 100).toFixed(2) + '%'; }
  function label(s) { return String(s).replace(/_/g, ' '); }
  function currencies() {
    var set = {};
    [report.amount_due, report.recurring_revenue.arr_at_risk].forEach(function (m) {
      Object.keys(m || {}).forEach(function (c) { set[c] = true; });
    });
    report.recovery.forecast.forEach(function (w) {
      Object.keys(w.arr_at_risk).forEach(function (c) { set[c] = true; });
    });
    return Object.keys(set).sort();
  }

  function card(title, value, note) {
    return el('div', { class: 'card' }, [
      el('div', { class: 'label' }, [title]),
      el('div', { class: 'value' }, [value]),
      el('div', { class: 'note' }, [note || ''])
    ]);
  }
  function table(headers, rows, numeric) {
    var head = el('tr', {}, headers.map(function (h, i) {
      return el('th', numeric && numeric[i] ? { class: 'n' } : {}, [h]);
    }));
    var body = rows.map(function (r) {
      return el('tr', {}, r.map(function (c, i) {
        return el('td', numeric && numeric[i] ? { class: 'n' } : {}, [String(c)]);
      }));
    });
    return el('table', {}, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }
  function chartBox(title, id) {
    return el('div', { class: 'chart' }, [el('h3', {}, [title]), el('div', { class: 'box' }, [el('canvas', { id: id })])]);
  }
  function state(name) {
    return report.states.filter(function (s) { return s.state === name; })[0];
  }

  var all = currencies();
  shown = ['USD', 'EUR', 'GBP'].filter(function (c) { return all.indexOf(c) >= 0; })[0] || all[0] || 'USD';
  var charts = [];
  function draw() {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    while (app.firstChild) app.removeChild(app.firstChild);
    build();
  }
  function build() {
  // ---- header and cards -------------------------------------------------------------------
  var inputs = report.inputs;
  app.appendChild(el('h1', {}, ['Grace-period portfolio report']));
  app.appendChild(el('p', { class: 'subtitle' }, [
    'Policy ' + report.policy_id + ' \u00b7 evaluated at ' + report.evaluated_at + ' \u00b7 ' +
    count(inputs.accounts) + ' accounts' + (inputs.invalid ? ' \u00b7 ' + count(inputs.invalid) + ' unreadable lines' : '') +
    ' \u00b7 amounts in '
  ]));
  var picker = el('select', { id: 'currency', 'aria-label': 'currency' }, all.map(function (c) {
    var o = el('option', { value: c }, [c]);
    if (c === shown) o.selected = true;
    return o;
  }));
  picker.addEventListener('change', function () { shown = picker.value; draw(); });
  app.lastChild.appendChild(picker);
  app.lastChild.appendChild(document.createTextNode(all.length > 1 ? ' (' + all.length + ' currencies)' : ''));
  var forecast = report.recovery.forecast;
  var next4 = forecast.slice(0, 4).reduce(function (n, w) { return n + w.expected_recoveries_milli; }, 0) / 1000;
  var inGrace = state('grace'), suspended = state('suspended'), canceled = state('canceled');
  app.appendChild(el('div', { class: 'cards' }, [
    card('In grace', count(inGrace.accounts), pct(inGrace.share_bp) + ' of accounts'),
    card('Suspended', count(suspended.accounts), pct(suspended.share_bp) + ' of accounts'),
    card('Canceled', count(canceled.accounts), pct(canceled.share_bp) + ' of accounts'),
    card('Amount due', moneyShort(report.amount_due), 'every unpaid invoice that is due'),
    card('ARR at risk', moneyShort(report.recurring_revenue.arr_at_risk), 'MRR at risk ' + moneyMap(report.recurring_revenue.mrr_at_risk)),
    card('Unrecognised (ASC 606)', moneyShort(report.revenue.unrecognized), count(report.revenue.unpaid_service_days) + ' days of unpaid service'),
    card('Expected recoveries', next4.toFixed(1), 'next 4 weeks, from ' + count(report.recovery.history.closed) + ' past grace periods')
  ]));

  // ---- charts -----------------------------------------------------------------------------
  var chartGrid = el('div', { class: 'charts' }, [
    chartBox('Stage funnel: accounts by state and stage', 'chart-funnel'),
    chartBox('Aging: accounts by days in grace', 'chart-aging'),
    chartBox('Recovery curve: share of past grace periods recovered by day of grace', 'chart-curve'),
    chartBox('ARR at risk over the coming weeks', 'chart-arr')
  ]);
  app.appendChild(chartGrid);

  var funnelLabels = [], funnelValues = [], funnelColors = [];
  report.states.forEach(function (s) {
    if (s.state === 'good_standing') return;
    s.stages.forEach(function (st) {
      funnelLabels.push(label(s.state) + ' \u00b7 ' + st.name);
      funnelValues.push(st.accounts);
      funnelColors.push(stateColor[s.state]);
    });
  });
  charts.push(new Chart(document.getElementById('chart-funnel'), {
    type: 'bar',
    data: { labels: funnelLabels, datasets: [{ label: 'accounts', data: funnelValues, backgroundColor: funnelColors }] },
    options: { indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } } }
  }));

  var agingCurrencies = {};
  report.aging.forEach(function (b) { Object.keys(b.amount_due).forEach(function (c) { agingCurrencies[c] = true; }); });
  charts.push(new Chart(document.getElementById('chart-aging'), {
    type: 'bar',
    data: {
      labels: report.aging.map(function (b) { return b.days + ' days'; }),
      datasets: [{ label: 'accounts', data: report.aging.map(function (b) { return b.accounts; }), backgroundColor: '#e8793a' }]
    },
    options: {
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { afterLabel: function (ctx) { return moneyMap(report.aging[ctx.dataIndex].amount_due); } } }
      }
    }
  }));

  var curve = report.recovery.curve;
  charts.push(new Chart(document.getElementById('chart-curve'), {
    type: 'line',
    data: {
      labels: curve.map(function (p) { return p.day; }),
      datasets: [{
        label: 'recovered by day of grace (%)',
        data: curve.map(function (p) { return p.share_bp === null ? null : p.share_bp / 100; }),
        borderColor: '#2a9d8f', backgroundColor: 'rgba(42,157,143,.15)', fill: true, pointRadius: 0, stepped: true
      }]
    },
    options: {
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: 'day of grace' } }, y: { min: 0, max: 100, title: { display: true, text: '%' } } }
    }
  }));

  var arrSets = [
    { type: 'line', label: shown + ' ARR at risk (expected)', borderColor: '#3056d3', backgroundColor: '#3056d3', pointRadius: 2,
      data: forecast.map(function (w) { return major(w.arr_at_risk[shown] || 0, shown); }) },
    { type: 'bar', label: shown + ' ARR reaching cancellation', backgroundColor: 'rgba(192,57,43,.45)',
      data: forecast.map(function (w) { return major(w.arr_reaching_cancellation[shown] || 0, shown); }) },
    { type: 'bar', label: shown + ' expected recovered (amount due)', backgroundColor: 'rgba(42,157,143,.55)',
      data: forecast.map(function (w) { return major(w.expected_recovered_amount[shown] || 0, shown); }) }
  ];
  charts.push(new Chart(document.getElementById('chart-arr'), {
    data: { labels: forecast.map(function (w) { return 'wk ' + w.week; }), datasets: arrSets },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: shown } } } }
  }));

  // ---- tables -----------------------------------------------------------------------------
  app.appendChild(el('h2', {}, ['States and stages']));
  var stateRows = [];
  report.states.forEach(function (s) {
    stateRows.push([label(s.state), '', count(s.accounts), pct(s.share_bp), moneyMap(s.amount_due)]);
    s.stages.forEach(function (st) { stateRows.push(['', st.index + ' ' + st.name, count(st.accounts), '', moneyMap(st.amount_due)]); });
  });
  app.appendChild(table(['state', 'stage', 'accounts', 'share', 'amount due'], stateRows, [0, 0, 1, 1, 1]));

  var t1 = el('div', {}, [el('h2', {}, ['Aging']), table(['days in grace', 'accounts', 'amount due'],
    report.aging.map(function (b) { return [b.days, count(b.accounts), moneyMap(b.amount_due)]; }), [0, 1, 1])]);
  var t2 = el('div', {}, [el('h2', {}, ['Required actions']), table(['action', 'accounts', 'reasons'],
    report.required_actions.map(function (a) {
      return [label(a.type), count(a.accounts), Object.keys(a.reasons).map(function (r) { return label(r) + ' ' + a.reasons[r]; }).join(', ')];
    }), [0, 1, 0])]);
  var d = report.declines;
  var t3 = el('div', {}, [el('h2', {}, ['Last decline']), table(['class', 'accounts'],
    Object.keys(d.classes).map(function (k) { return [k, count(d.classes[k])]; }), [0, 1]),
    table(['decline code', 'accounts'], Object.keys(d.codes).sort(function (a, b) { return d.codes[b] - d.codes[a]; })
      .map(function (k) { return [k, count(d.codes[k])]; }), [0, 1])]);
  var u = report.usage;
  var t4 = el('div', {}, [el('h2', {}, ['Usage during grace (active: seen in the last ' + u.active_within_days + ' days)']),
    table(['state', 'active', 'dormant', 'unknown', 'active share'], ['grace', 'suspended'].map(function (k) {
      return [k, count(u[k].active), count(u[k].dormant), count(u[k].unknown), pct(u[k].active_bp)];
    }), [0, 1, 1, 1, 1]),
    el('h2', {}, ['Flags']), table(['flag', 'accounts'], Object.keys(report.flags).map(function (k) { return [label(k), count(report.flags[k])]; }), [0, 1])]);
  var t5 = el('div', {}, [el('h2', {}, ['Coming suspensions and cancellations']), table(['within', 'suspensions', 'MRR', 'cancellations', 'MRR'],
    report.upcoming.map(function (w) {
      return [w.within_days + ' days', count(w.suspensions.accounts), moneyMap(w.suspensions.mrr), count(w.cancellations.accounts), moneyMap(w.cancellations.mrr)];
    }), [0, 1, 1, 1, 1])]);
  var rr = report.recurring_revenue;
  var t6 = el('div', {}, [el('h2', {}, ['Recurring revenue (monthly, by subscription state)']), table(['state', 'MRR'],
    Object.keys(rr.mrr_by_state).map(function (k) { return [label(k), moneyMap(rr.mrr_by_state[k])]; }), [0, 1])]);
  app.appendChild(el('div', { class: 'tables' }, [t1, t2, t3, t4, t5, t6]));

  app.appendChild(el('h2', {}, ['Recovery forecast, week by week']));
  app.appendChild(table(['week', 'from', 'expected recoveries', 'expected recovered', 'ARR at risk', 'reaching cancellation'],
    forecast.map(function (w) {
      return [w.week, w.starts_at.slice(0, 10), (w.expected_recoveries_milli / 1000).toFixed(2), moneyMap(w.expected_recovered_amount),
        moneyMap(w.arr_at_risk), count(w.accounts_reaching_cancellation) + ' \u00b7 ' + moneyMap(w.arr_reaching_cancellation)];
    }), [0, 0, 1, 1, 1, 1]));
  var h = report.recovery.history;
  app.appendChild(el('footer', {}, [
    'Recovery curve from ' + count(h.closed) + ' closed past grace periods (' + pct(h.recovered_bp) + ' recovered; ' +
    count(h.open) + ' still open are left out). Definitions: docs/report.md. Generated by respite; charts by Chart.js (MIT).'
  ]));
  }
  draw();
  document.documentElement.setAttribute('data-ready', 'true');
})();
