/**
 * Our own static sources, embedded so `tsc` alone puts them into dist/: the stylesheet and the
 * few lines that hand the profile history to uPlot (the drawing is uPlot's).
 */

export const SITE_CSS = `
:root { --bg: #14141c; --panel: #1e1e2a; --text: #ecebf5; --muted: #a7a5bd; --accent: #e2576d; --link: #8ec5ff; --line: #2f2e40; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--text); }
a { color: var(--link); text-decoration: none; } a:hover, a:focus { text-decoration: underline; }
header.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: var(--panel); border-bottom: 2px solid var(--accent); }
header.top .brand { font-weight: 700; font-size: 1.2rem; color: var(--text); margin-right: 1rem; }
header.top nav { display: flex; flex-wrap: wrap; gap: 1rem; flex: 1; }
header.top form.search input { background: var(--bg); color: var(--text); border: 1px solid var(--line); border-radius: 4px; padding: .25rem .5rem; }
main { max-width: 1100px; margin: 1.2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: .2rem 0 1rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .6rem; }
table { width: 100%; border-collapse: collapse; background: var(--panel); border-radius: 6px; overflow: hidden; }
th, td { padding: .45rem .7rem; text-align: left; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.tabs { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0; }
.tabs a { padding: .25rem .7rem; border-radius: 999px; background: var(--panel); color: var(--muted); }
.tabs a[aria-current="page"] { background: var(--accent); color: #fff; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .7rem; }
.card { background: var(--panel); padding: .7rem .9rem; border-radius: 6px; }
.card .label { color: var(--muted); font-size: .8rem; } .card .value { font-size: 1.25rem; font-weight: 600; }
.grade { font-weight: 700; } .grade-SS, .grade-SSHD { color: #ffd95a; } .grade-S, .grade-SHD { color: #ffb84d; } .grade-A { color: #7be07b; } .grade-B { color: #5ab4ff; } .grade-C { color: #c77dff; } .grade-D { color: #ff6b6b; }
.badge { display: inline-block; padding: .1rem .5rem; margin-right: .3rem; border-radius: 4px; background: var(--line); font-size: .8rem; }
.muted { color: var(--muted); }
.chart { background: var(--panel); border-radius: 6px; padding: .5rem; min-height: 240px; }
form.stack { display: grid; gap: .7rem; max-width: 420px; }
form.stack label { display: grid; gap: .2rem; }
form.stack label.check { display: flex; gap: .5rem; align-items: center; }
fieldset { border: 1px solid var(--line); border-radius: 6px; display: grid; gap: .3rem; padding: .5rem .8rem; }
input, select, textarea, button { font: inherit; }
form.stack input, form.stack select, form.stack textarea { background: var(--panel); color: var(--text); border: 1px solid var(--line); border-radius: 4px; padding: .4rem .5rem; }
button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .45rem 1rem; cursor: pointer; }
.error { color: #ff8a8a; } .notice { color: #7be07b; }
.flag { font-size: .8rem; color: var(--muted); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: var(--accent); color: #fff; padding: .3rem .6rem; }
`;

/**
 * Reads the JSON history embedded in the page and draws it with uPlot: pp (left axis) and global
 * rank (right axis, inverted so a better rank is higher). Instances are kept on
 * `window.hayateCharts` for tests.
 */
export const CHART_SCRIPT = `
(function () {
  var charts = (window.hayateCharts = window.hayateCharts || {});
  document.querySelectorAll('[data-history]').forEach(function (el) {
    var src = document.getElementById(el.getAttribute('data-history'));
    if (!src || typeof uPlot === 'undefined') return;
    var points = JSON.parse(src.textContent || '[]');
    var data = [points.map(function (p) { return p[0]; }), points.map(function (p) { return p[1]; }), points.map(function (p) { return p[2]; })];
    var width = Math.max(280, el.clientWidth - 16);
    var opts = {
      width: width, height: 220,
      series: [{}, { label: 'pp', stroke: '#e2576d', width: 2, scale: 'pp' }, { label: 'rank', stroke: '#8ec5ff', width: 2, scale: 'rank' }],
      scales: { rank: { dir: -1 } },
      axes: [{ stroke: '#a7a5bd' }, { scale: 'pp', stroke: '#a7a5bd' }, { scale: 'rank', side: 1, stroke: '#a7a5bd' }],
    };
    el.textContent = '';
    charts[el.id] = new uPlot(opts, data, el);
  });
})();
`;
