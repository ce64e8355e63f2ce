// Draws a respite.simulation/1 document (embedded in this page): two policies side by side.
(function () {
  'use strict';
  var sim = JSON.parse(document.getElementById('respite-data').textContent);
  var app = document.getElementById('app');
  var a = sim.policies[0], b = sim.policies[1];
  var colors = ['#3056d3', '#e8793a'];
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function digits(currency) {
    try { return new Intl.NumberFormat('en', { style: 'currency', currency: currency }).resolvedOptions().maximumFractionDigits; }
    catch (e) { return 2; }
  }
  function major(amount, currency) { return amount / Math.pow(10, digits(currency)); }
  function moneyMap(m) {
    var keys = Object.keys(m || {});
    if (!keys.length) return '\u2013';
    return keys.map(function (c) {
      try { return new Intl.NumberFormat('en', { style: 'currency', currency: c }).format(major(m[c], c)); }
      catch (e) { return m[c] + ' ' + c; }
    }).join(' \u00b7 ');
  }
  function chartBox(title, id) {
    return el('div', { class: 'chart' }, [el('h3', {}, [title]), el('div', { class: 'box' }, [el('canvas', { id: id })])]);
  }
  function bars(id, labels, transform) {
    new Chart(document.getElementById(id), {
      type: 'bar',
      data: {
        labels: labels.map(function (l) { return l[1]; }),
        datasets: [a, b].map(function (p, i) {
          return { label: p.policy_id, backgroundColor: colors[i], data: labels.map(function (l) { return transform ? transform(p, l[0]) : p[l[0]]; }) };
        })
      },
      options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }
    });
  }

  app.appendChild(el('h1', {}, ['Policy simulation: ' + a.policy_id + ' vs ' + b.policy_id]));
  app.appendChild(el('p', { class: 'subtitle' }, ['Recorded history of ' + sim.inputs.accounts + ' accounts replayed until ' + sim.until +
    (sim.inputs.invalid ? ' \u00b7 ' + sim.inputs.invalid + ' unreadable lines' : '')]));

  var currencies = {};
  [a, b].forEach(function (p) {
    ['revenue_unrecognized', 'revenue_still_unpaid', 'churned_mrr'].forEach(function (k) {
      Object.keys(p[k]).forEach(function (c) { currencies[c] = true; });
    });
  });
  currencies = Object.keys(currencies).sort();

  app.appendChild(el('div', { class: 'charts' }, [
    chartBox('Accounts', 'chart-accounts'),
    chartBox('Recoveries', 'chart-recoveries'),
    chartBox('Days of unpaid service delivered', 'chart-days'),
    chartBox('Revenue unrecognised and MRR churned (major units)', 'chart-money')
  ]));
  bars('chart-accounts', [['entered_grace', 'entered grace'], ['restricted', 'restricted'], ['suspended', 'suspended'], ['canceled', 'canceled (churn)']]);
  bars('chart-recoveries', [['recoveries', 'recovered'], ['recoveries_after_cancellation', 'paid after cancellation']]);
  bars('chart-days', [['unpaid_service_days', 'days']]);
  var moneyLabels = [];
  currencies.forEach(function (c) {
    moneyLabels.push(['revenue_unrecognized:' + c, 'unrecognised ' + c]);
    moneyLabels.push(['revenue_still_unpaid:' + c, 'never paid ' + c]);
    moneyLabels.push(['churned_mrr:' + c, 'MRR churned ' + c]);
  });
  bars('chart-money', moneyLabels, function (p, key) {
    var parts = key.split(':');
    return major(p[parts[0]][parts[1]] || 0, parts[1]);
  });

  var rows = [
    ['accounts', 'accounts replayed'], ['entered_grace', 'entered grace'], ['grace_periods', 'grace periods'],
    ['restricted', 'restricted'], ['suspended', 'suspended'], ['canceled', 'canceled (estimated involuntary churn)'],
    ['canceled_only_under_this_policy', 'canceled only under this policy'], ['involuntary_churn_bp', 'involuntary churn (bp)'],
    ['recoveries', 'recoveries'], ['recoveries_after_cancellation', 'payments after this policy canceled'],
    ['unpaid_service_days', 'days of unpaid service'], ['revenue_unrecognized', 'revenue unrecognised'],
    ['revenue_still_unpaid', 'of which never paid'], ['churned_mrr', 'MRR churned']
  ];
  var head = el('tr', {}, [el('th', {}, ['figure']), el('th', { class: 'n' }, [a.policy_id]), el('th', { class: 'n' }, [b.policy_id])]);
  var body = rows.map(function (r) {
    function cell(p) { var v = p[r[0]]; return typeof v === 'object' && v !== null ? moneyMap(v) : String(v === null ? '\u2013' : v); }
    return el('tr', {}, [el('td', {}, [r[1]]), el('td', { class: 'n' }, [cell(a)]), el('td', { class: 'n' }, [cell(b)])]);
  });
  app.appendChild(el('h2', {}, ['Side by side']));
  app.appendChild(el('table', {}, [el('thead', {}, [head]), el('tbody', {}, body)]));
  app.appendChild(el('footer', {}, ['Assumptions: payments happen when recorded, whatever the policy; an account a policy cancels is gone under it ' +
    '(a later recorded payment counts as a recovery lost). docs/report.md. Charts by Chart.js (MIT).']));
  document.documentElement.setAttribute('data-ready', 'true');
})();
