// The report's stylesheet, inlined. System fonts only: the file must open offline.

export const STYLES = `
:root { --ok: #2e9d57; --fail: #d64545; --info: #e09a00; --ink: #1d2228; --muted: #5b6470; --line: #d9dde3; --bg: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f3f4f6; }
header.top { background: #1d2228; color: #fff; padding: 14px 28px 12px; }
header.top h1 { margin: 0; font-size: 20px; font-weight: 650; }
header.top .sub { color: #c5cad1; font-size: 13px; }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: 6px 28px; font-size: 13px; }
nav.toc a { margin-right: 14px; color: #24527a; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 28px 60px; }
section { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 14px 20px 18px; margin: 16px 0; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
h4 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: #f6f7f9; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-all; }
.small { color: var(--muted); font-size: 12.5px; }
.hint, .meaning, .note { color: var(--muted); }
.note { background: #f6f7f9; border-left: 3px solid #9aa3ad; padding: 6px 10px; }
.problem { background: #fff4d6; border-left: 3px solid #e09a00; padding: 6px 10px; }
.banner { border-radius: 8px; padding: 14px 20px; margin: 16px 0; border: 1px solid; }
.banner.valid { background: #e6f4ea; border-color: #9fd3b0; }
.banner.invalid { background: #fce8e6; border-color: #f0a9a3; }
.banner.unknown { background: #fff4d6; border-color: #efd089; }
.banner .big { font-size: 22px; font-weight: 750; letter-spacing: .02em; }
.banner.valid .big { color: #1e7b45; } .banner.invalid .big { color: #b3261e; } .banner.unknown .big { color: #8a5a00; }
.verdicts { width: 100%; border-collapse: collapse; margin-top: 8px; }
.verdicts td { padding: 4px 8px; border-top: 1px solid rgba(0,0,0,.08); vertical-align: top; }
.verdicts td.name { font-weight: 600; white-space: nowrap; }
.verdicts td.name a { color: inherit; }
.pill { display: inline-block; min-width: 68px; text-align: center; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 700; color: #fff; }
.pill.valid { background: var(--ok); } .pill.invalid { background: var(--fail); } .pill.unknown { background: #b7860b; }
table.data, table.kv { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
table.data th, table.data td, table.kv th, table.kv td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
table.data th, table.kv th { background: #f3f5f7; font-weight: 600; }
table.data td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; max-width: 520px; overflow-wrap: anywhere; }
.cmd { display: flex; gap: 8px; align-items: flex-start; }
.cmd pre { flex: 1; margin: 4px 0; max-height: none; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 1000px) { .two-col { grid-template-columns: 1fr; } }
.anomaly { border-top: 1px solid var(--line); margin-top: 12px; padding-top: 4px; }
.anomaly h3 .count { font-weight: 400; color: var(--muted); font-size: 13px; margin-left: 6px; }
.witness { margin: 8px 0 16px; }
.witness .summary { margin: 6px 0; }
ol.because { margin: 4px 0 8px; padding-left: 24px; }
ol.because li { margin: 2px 0; }
.explain { font-size: 14.5px; }
.figure { overflow-x: auto; margin: 8px 0; }
.figure svg, svg.chart { max-width: 100%; height: auto; display: block; }
svg .axis text { fill: #333; font-size: 11px; }
svg .axis path, svg .axis line { stroke: #9aa3ad; }
svg .grid line { stroke: #e7e9ed; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12.5px; color: var(--muted); margin: 4px 0 8px; }
.legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 3px; vertical-align: -1px; margin-right: 4px; }
button, .button { white-space: nowrap; font: inherit; font-size: 12.5px; border: 1px solid #b8c0ca; background: #fff; border-radius: 5px; padding: 2px 9px; cursor: pointer; color: var(--ink); }
button:hover { background: #eef2f6; }
button.show { border-color: #24527a; color: #24527a; }
.timeline { position: relative; user-select: none; }
.tl-controls { display: flex; gap: 6px; align-items: center; margin: 4px 0 6px; font-size: 12.5px; }
.tl-controls label { margin-left: 10px; color: var(--muted); }
.tl-range { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
.tl-highlight { background: #eef4fb; border: 1px solid #bcd3ea; border-radius: 5px; padding: 3px 8px; margin-bottom: 6px; font-size: 12.5px; }
.timeline canvas { display: block; }
.tl-overview { cursor: crosshair; border: 1px solid var(--line); border-radius: 4px; }
.tl-scroll { max-height: 600px; overflow-y: auto; overflow-x: hidden; border: 1px solid var(--line); border-top: none; }
.tl-lanes { cursor: grab; }
.tl-tip { position: absolute; z-index: 10; max-width: 340px; background: #1d2228; color: #fff; padding: 6px 9px; border-radius: 5px; font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; pointer-events: none; }
pre.log { font-size: 11.5px; max-height: 340px; white-space: pre; word-break: normal; }
pre.log .ln { display: inline-block; width: 48px; color: #9aa3ad; user-select: none; }
pre.log .now { color: #b3261e; font-weight: 600; }
.moment { border-top: 1px solid var(--line); }
details > summary { cursor: pointer; color: #24527a; }
details.raw { margin-top: 10px; }
ul.files { columns: 2; font-size: 13px; }
`;
