// Live monitoring: the page works as a plain list with a refresh link; this keeps it current
// from the server's event stream (snapshot, call, gone) and counts durations on.
(function () {
  'use strict';
  var configEl = document.getElementById('live-config');
  var table = document.querySelector('[data-testid="live-calls"]');
  if (!configEl || !table || !window.EventSource) return;
  var config = JSON.parse(configEl.textContent);
  var t = function (key) { return config.texts[key] || key; };
  var canEnd = table.getAttribute('data-can-end') === '1';
  var tbody = table.querySelector('tbody');
  var empty = document.querySelector('[data-live-empty]');
  var status = document.querySelector('[data-live-status]');
  var started = {};

  function clock(seconds) {
    var two = function (n) { return String(n).padStart(2, '0'); };
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return h ? h + ':' + two(m) + ':' + two(s) : two(m) + ':' + two(s);
  }

  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  function endForm(id) {
    var form = document.createElement('form');
    form.method = 'post';
    form.action = config.endPath + id + '/end';
    form.className = 'inline';
    form.setAttribute('data-confirm', t('live.end_confirm'));
    var csrf = document.createElement('input');
    csrf.type = 'hidden';
    csrf.name = '_csrf';
    csrf.value = config.csrf;
    var button = document.createElement('button');
    button.type = 'submit';
    button.className = 'danger small';
    button.textContent = t('live.end');
    form.append(csrf, button);
    return form;
  }

  function row(call) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-live-call', call.id);
    tr.setAttribute('data-state', call.state);
    var state = document.createElement('span');
    state.className = 'live-state live-state-' + call.state;
    state.textContent = t('live.state.' + call.state);
    var stateCell = document.createElement('td');
    stateCell.append(state);
    var elapsed = cell(clock(call.elapsedSeconds));
    elapsed.setAttribute('data-elapsed', call.elapsedSeconds);
    var rec = cell(call.recording ? '● ' + t('live.recording_on') : t('live.recording_off'));
    if (call.recording) rec.className = 'live-rec';
    tr.append(cell(t('calls.direction.' + call.direction)), cell(call.from), cell(call.to), cell(call.extension), stateCell, elapsed, rec);
    if (canEnd) {
      var actions = document.createElement('td');
      actions.append(endForm(call.id));
      tr.append(actions);
    }
    started[call.id] = Date.now() - call.elapsedSeconds * 1000;
    return tr;
  }

  function find(id) {
    return tbody.querySelector('tr[data-live-call="' + id + '"]');
  }

  function upsert(call) {
    var fresh = row(call);
    var old = find(call.id);
    if (old) old.replaceWith(fresh);
    else tbody.append(fresh);
    showEmpty();
  }

  function remove(id) {
    var old = find(id);
    if (old) old.remove();
    delete started[id];
    showEmpty();
  }

  function showEmpty() {
    if (empty) empty.hidden = tbody.children.length > 0;
  }

  function tick() {
    tbody.querySelectorAll('tr[data-live-call]').forEach(function (tr) {
      var id = tr.getAttribute('data-live-call');
      var td = tr.querySelector('[data-elapsed]');
      if (started[id] === undefined || !td) return;
      td.textContent = clock(Math.max(0, Math.floor((Date.now() - started[id]) / 1000)));
    });
  }

  tbody.querySelectorAll('tr[data-live-call]').forEach(function (tr) {
    var td = tr.querySelector('[data-elapsed]');
    started[tr.getAttribute('data-live-call')] = Date.now() - Number(td.getAttribute('data-elapsed')) * 1000;
  });

  document.addEventListener('submit', function (e) {
    var message = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) e.preventDefault();
  });

  var source = new EventSource(config.events);
  source.addEventListener('open', function () { if (status) status.hidden = false; });
  source.addEventListener('error', function () { if (status) status.hidden = true; });
  source.addEventListener('snapshot', function (e) {
    var calls = JSON.parse(e.data).calls;
    tbody.replaceChildren();
    started = {};
    calls.forEach(function (call) { tbody.append(row(call)); });
    showEmpty();
  });
  source.addEventListener('call', function (e) { upsert(JSON.parse(e.data)); });
  source.addEventListener('gone', function (e) { remove(JSON.parse(e.data).id); });
  window.addEventListener('pagehide', function () { source.close(); });
  setInterval(tick, 1000);
})();
