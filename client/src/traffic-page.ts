/**
 * The script that runs inside the traffic webview: it renders the bars from the data the
 * extension posts. It builds DOM nodes (never HTML strings), so config text cannot inject markup.
 */
export const trafficPageScript = `
(function () {
  const pools = document.getElementById('pools');
  const meta = document.getElementById('meta');
  const title = document.getElementById('title');
  const pct = (x) => (x * 100).toFixed(1) + '%';
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  window.addEventListener('message', (event) => {
    const { file, result } = event.data;
    title.textContent = 'Traffic distribution: ' + file;
    pools.replaceChildren();
    if (!result.ok) { meta.textContent = result.message; return; }
    const stable = result.stable;
    meta.textContent = stable && stable.state === 'resolved'
      ? 'current vs stable ' + stable.ref + ' · ' + stable.drifts + (stable.drifts === 1 ? ' drift' : ' drifts')
      : 'no stable revision to compare with' + (stable && stable.message ? ': ' + stable.message : '');
    if (result.pools.length === 0) { pools.append(el('p', 'empty', 'No pools in this file.')); return; }
    for (const pool of result.pools) {
      pools.append(el('h2', '', pool.context + ' ' + pool.name + ' (' + pool.algorithm + ')'));
      const table = el('table');
      for (const m of pool.members) {
        const row = el('tr');
        row.append(el('td', '', m.address));
        const bars = el('td', 'bars');
        const current = el('div', 'bar current'); current.style.width = pct(m.current ?? 0); bars.append(current);
        if (m.stable !== undefined) { const s = el('div', 'bar stable'); s.style.width = pct(m.stable); bars.append(s); }
        row.append(bars);
        row.append(el('td', 'num', m.current === undefined ? 'removed' : pct(m.current)));
        row.append(el('td', 'num', m.stable === undefined ? (stable && stable.state === 'resolved' ? 'new' : '') : pct(m.stable)));
        const delta = m.current !== undefined && m.stable !== undefined ? m.current - m.stable : undefined;
        row.append(el('td', 'num ' + (delta === undefined || Math.abs(delta) < 0.0005 ? '' : delta > 0 ? 'up' : 'down'),
          delta === undefined || Math.abs(delta) < 0.0005 ? '' : (delta > 0 ? '+' : '') + (delta * 100).toFixed(1) + ' pts'));
        table.append(row);
      }
      pools.append(table);
    }
  });
})();
`;
