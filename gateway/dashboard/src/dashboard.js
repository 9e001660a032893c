// Tickwire dashboard: watchlist, candlestick chart and trades tape over the SPEC §6 WebSocket protocol, with
// MessagePack on the wire, snapshot + deltas, reconnect with resume, and measured latency.
(function () {
  'use strict';

  const TIMEFRAMES = ['1s', '1m', '5m', '1h', '1d'];
  const WATCH_TF = '1d';          // the daily bar gives last price (close) and change since the day's open
  const WATCH_LIMIT = 40;
  const TAPE_ROWS = 60;
  const CHART_BARS = 300;

  const params = new URLSearchParams(location.search);
  const state = {
    ws: null,
    nextId: 1,
    symbols: [],
    selected: params.get('symbol'),
    tf: TIMEFRAMES.includes(params.get('tf')) ? params.get('tf') : '1m',
    bars: new Map(),              // "SYM|tf" -> last bar {t,o,h,l,c,v,n,vw,final,rev}
    tradeSeq: new Map(),          // symbol -> last trade seq seen, for resume
    watchRows: new Map(),         // symbol -> {row, last, open}
    latencies: [],
    received: 0,
    reconnectDelayMs: 250,
    pingSentMs: 0,
  };
  // What the end-to-end test reads; also handy in the browser console.
  window.__tickwire = { barUpdates: 0, trades: 0, snapshots: 0, errors: [], lastBar: null, lastTrade: null };

  const $ = (id) => document.getElementById(id);

  // --- chart -------------------------------------------------------------------------------------------------
  const chart = LightweightCharts.createChart($('chart'), {
    layout: { background: { color: '#161c23' }, textColor: '#7d8b99' },
    grid: { vertLines: { color: '#1d2630' }, horzLines: { color: '#1d2630' } },
    timeScale: { timeVisible: true, secondsVisible: true },
    autoSize: true,
  });
  const candles = chart.addSeries(LightweightCharts.CandlestickSeries, {
    upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
  });
  const toCandle = (b) => ({ time: Math.floor(b.t / 1000), open: b.o, high: b.h, low: b.l, close: b.c });
  // The chart's candles by time: lightweight-charts only updates its newest candle, but a bar behind it can still
  // change (an out-of-order trade within the grace, a correction), so those redraw the series.
  const chartCandles = new Map();
  let newestCandle = -Infinity;
  function setCandles(rows) {
    chartCandles.clear();
    newestCandle = -Infinity;
    for (const c of rows) { chartCandles.set(c.time, c); newestCandle = Math.max(newestCandle, c.time); }
    candles.setData(rows);
  }
  function updateCandle(c) {
    const old = chartCandles.get(c.time);
    chartCandles.set(c.time, c);
    if (chartCandles.size > 5000) chartCandles.delete(chartCandles.keys().next().value);
    if (c.time >= newestCandle) {
      newestCandle = c.time;
      candles.update(c);
    } else if (!old || old.open !== c.open || old.high !== c.high || old.low !== c.low || old.close !== c.close) {
      candles.setData([...chartCandles.values()].sort((a, b) => a.time - b.time));
    }
  }

  function renderTimeframes() {
    const box = $('timeframes');
    box.innerHTML = '';
    for (const tf of TIMEFRAMES) {
      const button = document.createElement('button');
      button.textContent = tf;
      button.dataset.tf = tf;
      if (tf === state.tf) button.className = 'active';
      button.onclick = () => select(state.selected, tf);
      box.appendChild(button);
    }
  }

  // --- auth --------------------------------------------------------------------------------------------------
  // A ?token= in the page URL wins. Without one, a dev-mode server issues one at POST /api/auth/token (404 in the
  // other modes: then none is sent). Dev tokens expire, so a fresh one is fetched a minute before, on reconnect.
  const auth = { token: params.get('token'), expiresAtMs: Infinity, dev: !params.get('token') };

  async function token() {
    if (auth.dev && (auth.token === null || Date.now() > auth.expiresAtMs - 60000)) {
      try {
        const response = await fetch('/api/auth/token',
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        if (response.ok) {
          const body = await response.json();
          auth.token = body.token;
          auth.expiresAtMs = Date.now() + body.expires_in * 1000;
        } else if (response.status === 404) {
          auth.dev = false;
        }
      } catch (e) {
        console.warn('cannot get a token', e);
      }
    }
    return auth.token;
  }

  async function apiFetch(path) {
    const t = await token();
    return fetch(path, t ? { headers: { Authorization: `Bearer ${t}` } } : {});
  }

  // --- wire --------------------------------------------------------------------------------------------------
  function send(message) {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify(message));   // control messages are JSON text frames in every encoding
    }
  }

  function subscribe(channel, symbols, extra) {
    if (symbols.length) send(Object.assign({ op: 'subscribe', id: state.nextId++, channel, symbols }, extra));
  }

  function unsubscribe(channel, symbols, extra) {
    if (symbols.length) send(Object.assign({ op: 'unsubscribe', id: state.nextId++, channel, symbols }, extra));
  }

  async function connect() {
    setStatus('connecting', 'connecting…');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const t = await token();
    const url = `${scheme}://${location.host}/ws?encoding=msgpack` + (t ? `&token=${encodeURIComponent(t)}` : '');
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    state.ws = ws;
    ws.onopen = () => {
      state.reconnectDelayMs = 250;
      setStatus('open', 'live');
      subscribeAll(true);
    };
    ws.onmessage = (event) => {
      state.received++;
      const message = typeof event.data === 'string' ? JSON.parse(event.data)
        : MessagePack.decode(new Uint8Array(event.data));
      handle(message);
    };
    ws.onclose = (event) => {
      setStatus('closed', `reconnecting (${event.code || 'closed'})…`);
      state.ws = null;
      setTimeout(connect, state.reconnectDelayMs);
      state.reconnectDelayMs = Math.min(state.reconnectDelayMs * 2, 5000);
    };
  }

  function subscribeAll(resuming) {
    const watch = state.symbols.slice(0, WATCH_LIMIT).map((s) => s.symbol);
    subscribe('bars', watch, { tf: WATCH_TF, snapshot: 1, conflate: 250 });
    if (state.selected) {
      const resume = {};
      if (resuming && state.tradeSeq.has(state.selected)) resume[state.selected] = state.tradeSeq.get(state.selected);
      subscribe('trades', [state.selected], { snapshot: TAPE_ROWS, conflate: 0, timing: true, resume });
      if (!(state.tf === WATCH_TF && watch.includes(state.selected))) {
        subscribe('bars', [state.selected], { tf: state.tf, snapshot: CHART_BARS, conflate: 0 });
      }
    }
  }

  function handle(m) {
    switch (m.type) {
      case 'snapshot': onSnapshot(m); break;
      case 'bar': onBar(m); break;
      case 'trade': onTrade(m); break;
      case 'pong': $('rtt').textContent = `${(performance.now() - state.pingSentMs).toFixed(1)} ms`; break;
      case 'reset': onReset(m); break;
      case 'error': window.__tickwire.errors.push(m); console.warn('tickwire error', m); break;
      default: break;  // ack, quote: nothing to show
    }
  }

  function onSnapshot(m) {
    window.__tickwire.snapshots++;
    if (m.channel === 'bars') {
      const rows = (m.bars || []).map((r) => ({ t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5], n: r[6], vw: r[7] }));
      if (rows.length) state.bars.set(`${m.symbol}|${m.tf}`, Object.assign({}, rows[rows.length - 1]));
      if (m.symbol === state.selected && m.tf === state.tf) {
        setCandles(rows.map(toCandle));
        showLastBar(rows[rows.length - 1]);
      }
      if (m.tf === WATCH_TF && rows.length) updateWatch(m.symbol, rows[rows.length - 1]);
    } else if (m.channel === 'trades') {
      if (m.seq !== undefined) state.tradeSeq.set(m.symbol, m.seq);
      const rows = m.trades || m.rows || [];
      if (m.symbol === state.selected) {
        $('tape').innerHTML = '';
        for (const r of rows) addTape(Array.isArray(r) ? { t: r[0], p: r[1], v: r[2] } : r);
      }
    }
  }

  function onBar(m) {
    const key = `${m.symbol}|${m.tf}`;
    const last = state.bars.get(key);
    // Deltas: fields equal to what this client last received for the same bar t are left out.
    const bar = last && last.t === m.t ? Object.assign(last, stripUndefined(m)) : stripUndefined(m);
    state.bars.set(key, bar);
    window.__tickwire.barUpdates++;
    window.__tickwire.lastBar = Object.assign({ symbol: m.symbol, tf: m.tf }, bar);
    if (m.symbol === state.selected && m.tf === state.tf && bar.o !== undefined) {
      updateCandle(toCandle(bar));
      showLastBar(bar);
    }
    if (m.tf === WATCH_TF) updateWatch(m.symbol, bar);
  }

  function onTrade(m) {
    state.tradeSeq.set(m.symbol, m.seq);
    window.__tickwire.trades++;
    window.__tickwire.lastTrade = m;
    if (m.ri !== undefined) {
      // ri: the engine's receive instant (epoch µs) of the trade; same host clock in the embedded default.
      state.latencies.push(Date.now() * 1000 - m.ri);
      if (state.latencies.length > 500) state.latencies.shift();
    }
    if (m.symbol === state.selected) addTape(m);
  }

  function onReset(m) {
    if (m.channel === 'bars') state.bars.delete(`${m.symbol}|${m.tf}`);
    if (m.channel === 'trades') state.tradeSeq.delete(m.symbol);
  }

  function stripUndefined(m) {
    const out = {};
    for (const k of ['t', 'o', 'h', 'l', 'c', 'v', 'n', 'vw', 'final', 'rev']) if (m[k] !== undefined) out[k] = m[k];
    return out;
  }

  // --- views -------------------------------------------------------------------------------------------------
  function setStatus(kind, text) {
    const el = $('status');
    el.className = `status status-${kind}`;
    el.textContent = text;
  }

  function showLastBar(b) {
    if (!b) return;
    $('last-bar').textContent = `O ${b.o}  H ${b.h}  L ${b.l}  C ${b.c}  V ${b.v}  N ${b.n}  VWAP ${b.vw}`;
  }

  function addTape(t) {
    const row = document.createElement('tr');
    const time = new Date(t.t).toISOString().substring(11, 23);
    row.innerHTML = `<td>${time}</td><td class="num">${t.p}</td><td class="num">${t.v}</td>`;
    const body = $('tape');
    body.insertBefore(row, body.firstChild);
    while (body.children.length > TAPE_ROWS) body.removeChild(body.lastChild);
  }

  function renderWatchlist() {
    const body = $('watchlist');
    body.innerHTML = '';
    state.watchRows.clear();
    for (const s of state.symbols.slice(0, WATCH_LIMIT)) {
      const row = document.createElement('tr');
      row.dataset.symbol = s.symbol || s;
      const symbol = row.dataset.symbol;
      row.innerHTML = `<td>${symbol}</td><td class="num price">${s.price ?? '–'}</td><td class="num chg">–</td>`;
      row.onclick = () => select(symbol, state.tf);
      if (symbol === state.selected) row.classList.add('selected');
      body.appendChild(row);
      state.watchRows.set(symbol, { row, last: s.price, open: undefined });
    }
  }

  function updateWatch(symbol, bar) {
    const entry = state.watchRows.get(symbol);
    if (!entry || bar.c === undefined) return;
    const priceCell = entry.row.querySelector('.price');
    if (entry.last !== undefined && bar.c !== entry.last) {
      priceCell.classList.remove('flash-up', 'flash-down');
      void priceCell.offsetWidth;   // restart the animation
      priceCell.classList.add(bar.c > entry.last ? 'flash-up' : 'flash-down');
    }
    entry.last = bar.c;
    priceCell.textContent = bar.c;
    if (bar.o !== undefined) entry.open = bar.o;
    if (entry.open) {
      const change = ((bar.c - entry.open) / entry.open) * 100;
      const cell = entry.row.querySelector('.chg');
      cell.textContent = `${change >= 0 ? '+' : ''}${change.toFixed(2)}%`;
      cell.className = `num chg ${change >= 0 ? 'up' : 'down'}`;
    }
  }

  function select(symbol, tf) {
    if (!symbol) return;
    const previousSymbol = state.selected;
    const previousTf = state.tf;
    const watch = state.symbols.slice(0, WATCH_LIMIT).map((s) => s.symbol);
    if (previousSymbol) {
      if (previousSymbol !== symbol) unsubscribe('trades', [previousSymbol], {});
      if (!(previousTf === WATCH_TF && watch.includes(previousSymbol))) {
        unsubscribe('bars', [previousSymbol], { tf: previousTf });
      }
    }
    state.selected = symbol;
    state.tf = tf;
    $('chart-title').textContent = `${symbol} · ${tf}`;
    setCandles([]);
    if (previousSymbol !== symbol) $('tape').innerHTML = '';
    for (const [s, entry] of state.watchRows) entry.row.classList.toggle('selected', s === symbol);
    renderTimeframes();
    if (previousSymbol !== symbol) subscribe('trades', [symbol], { snapshot: TAPE_ROWS, conflate: 0, timing: true });
    subscribe('bars', [symbol], { tf, snapshot: CHART_BARS, conflate: 0 });
    history.replaceState(null, '', `?symbol=${encodeURIComponent(symbol)}&tf=${tf}${params.get('token') ? '&token=' + encodeURIComponent(params.get('token')) : ''}`);
  }

  // --- meters ------------------------------------------------------------------------------------------------
  setInterval(() => {
    state.pingSentMs = performance.now();
    send({ op: 'ping', id: state.nextId++, t: Date.now() });
    const sorted = state.latencies.slice().sort((a, b) => a - b);
    if (sorted.length) $('latency').textContent = `${(sorted[sorted.length >> 1] / 1000).toFixed(2)} ms`;
  }, 2000);
  setInterval(() => { $('rate').textContent = String(state.received); state.received = 0; }, 1000);

  // --- start -------------------------------------------------------------------------------------------------
  async function start() {
    renderTimeframes();
    try {
      const response = await apiFetch('/api/symbols');
      const list = await response.json();
      state.symbols = (Array.isArray(list) ? list : list.symbols || []).map((s) => (typeof s === 'string' ? { symbol: s } : s));
    } catch (e) {
      console.warn('cannot list symbols yet', e);
    }
    // Latest prices for the watchlist (served from the Redis cache when one is configured, else the engine),
    // so it is filled before the first live update arrives.
    try {
      const shown = state.symbols.slice(0, WATCH_LIMIT).map((s) => s.symbol);
      if (shown.length) {
        const response = await apiFetch(`/api/prices?symbols=${encodeURIComponent(shown.join(','))}`);
        if (response.ok) {
          const prices = new Map((await response.json()).map((p) => [p.symbol, p.price]));
          for (const s of state.symbols) if (prices.get(s.symbol) != null) s.price = prices.get(s.symbol);
        }
      }
    } catch (e) {
      console.warn('cannot read prices yet', e);
    }
    if (!state.selected && state.symbols.length) state.selected = state.symbols[0].symbol;
    $('chart-title').textContent = state.selected ? `${state.selected} · ${state.tf}` : '–';
    renderWatchlist();
    connect();
    if (!state.symbols.length) setTimeout(() => location.reload(), 3000);  // engine still warming up
  }
  start();
})();
