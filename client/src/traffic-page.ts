/**
 * The script that runs inside the traffic webview: it renders the tables from the data the
 * extension posts. It builds DOM nodes (never HTML strings), so config text cannot inject markup.
 * Every number, change and trend comes from the server; the page only formats and colours them.
 */
export const trafficPageScript = `
(function () {
  const pools = document.getElementById('pools');
  const meta = document.getElementById('meta');
  const title = document.getElementById('title');
  const pct = (x) => (x * 100).toFixed(1) + '%';
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  const TREND = { skew: 'moves traffic toward an uneven split', even: 'evens the split out' };

  function header(comparing) {
    const head = el('thead');
    const row = el('tr');
    row.append(el('th', '', 'member'), el('th', 'bars', ''), el('th', 'num', 'current'));
    if (comparing) row.append(el('th', 'num', 'stable'), el('th', 'num', 'change'));
    head.append(row);
    return head;
  }

  function bars(current, stable) {
    const cell = el('td', 'bars');
    const now = el('div', 'bar current'); now.style.width = pct(current ?? 0); cell.append(now);
    if (stable !== undefined) { const then = el('div', 'bar stable'); then.style.width = pct(stable); cell.append(then); }
    return cell;
  }

  function changeCell(m) {
    if (m.change === undefined) return el('td', 'num', '');
    const cell = el('td', 'num change ' + (m.trend || 'neutral'), (m.change > 0 ? '+' : '') + (m.change * 100).toFixed(1));
    cell.title = (m.change > 0 ? '+' : '') + (m.change * 100).toFixed(1) + ' percentage points' + (m.trend ? ': ' + TREND[m.trend] : '');
    return cell;
  }

  function memberRow(m, comparing) {
    const row = el('tr', m.repeat ? 'listing' : '');
    const name = el('td', 'member', m.address);
    if (m.repeat) name.append(el('span', 'tag', 'listing ' + m.repeat.listing));
    row.append(name, bars(m.current, m.stable));
    row.append(el('td', 'num', m.current === undefined ? 'removed' : pct(m.current)));
    if (comparing) {
      row.append(el('td', 'num', m.stable === undefined ? 'new' : pct(m.stable)));
      row.append(changeCell(m));
    }
    return row;
  }

  function groupRow(m, comparing) {
    const row = el('tr', 'group');
    const name = el('td', 'member', m.address);
    name.append(el('span', 'tag warn', 'listed ' + m.repeat.of + ' times'));
    row.title = 'One backend listed ' + m.repeat.of + ' times: it gets the combined share of its listings.';
    row.append(name, bars(m.repeat.current, m.repeat.stable));
    row.append(el('td', 'num', m.repeat.current === undefined ? '' : pct(m.repeat.current)));
    if (comparing) row.append(el('td', 'num', m.repeat.stable === undefined ? '' : pct(m.repeat.stable)), el('td', 'num', ''));
    return row;
  }

  window.addEventListener('message', (event) => {
    const { file, result } = event.data;
    title.textContent = 'Traffic distribution: ' + file;
    pools.replaceChildren();
    if (!result.ok) { meta.textContent = result.message; return; }
    const stable = result.stable;
    const comparing = !!stable && (stable.state === 'resolved' || stable.state === 'new-file');
    meta.textContent = comparing
      ? 'current vs stable ' + stable.ref + ' · ' + stable.drifts + (stable.drifts === 1 ? ' drift' : ' drifts')
      : 'no stable revision to compare with' + (stable && stable.message ? ': ' + stable.message : '');
    if (result.pools.length === 0) { pools.append(el('p', 'empty', 'No pools in this file.')); return; }
    for (const pool of result.pools) {
      const heading = el('h2', '', pool.context + ' ' + pool.name + ' (' + pool.algorithm + ')');
      if (pool.only === 'current') heading.append(el('span', 'tag', 'new since stable'));
      else if (pool.only === 'stable') heading.append(el('span', 'tag warn', 'removed since stable: its stable shares'));
      else if (pool.drifted) heading.append(el('span', 'tag', 'drifted'));
      pools.append(heading);
      const table = el('table');
      table.append(header(comparing));
      const body = el('tbody');
      for (const m of pool.members) {
        if (m.repeat && m.repeat.listing === 1) body.append(groupRow(m, comparing));
        body.append(memberRow(m, comparing));
      }
      table.append(body);
      pools.append(table);
    }
  });
})();
`;
