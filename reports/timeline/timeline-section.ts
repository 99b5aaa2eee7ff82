import { jsonForScript } from '../html/escape.js';
import type { TimelineData } from './timeline-data.js';

// The timeline's markup: controls, an overview strip, a sticky time axis and a scrolling
// canvas of lanes. The script finds its parts by class inside #timeline.

export function timelineSection(data: TimelineData): string {
  const lanes = data.lanes.length;
  return `<section id="timeline-section">
<h2>Timeline</h2>
<p class="hint">One lane per process (${lanes} in all${data.concurrency && lanes > 120 && lanes > 2 * data.concurrency ? `; shown folded into ${data.concurrency} worker lanes to start with` : ''}); each bar runs from an operation's invocation to its completion, coloured by outcome; fault windows are shaded behind.
${data.locks.length ? 'Lock holdings are the strip at the bottom of each lane: dark while the lock was certainly held, pale while it possibly was, crimson for holdings that overlap another holder’s. ' : ''}Hover a bar for its details. Drag to pan; Ctrl or Shift with the wheel, or the buttons, to zoom; drag across the whole-run strip to pick a range; double-click to see everything.</p>
<div id="timeline" class="timeline">
  <div class="tl-controls">
    <button type="button" class="tl-left" title="earlier">◀</button><button type="button" class="tl-right" title="later">▶</button>
    <button type="button" class="tl-in">zoom in</button><button type="button" class="tl-out">zoom out</button>
    <button type="button" class="tl-reset">whole run</button>
    <label title="a process retired after an unknown (info) outcome continues as a new process in the same worker"><input type="checkbox" class="tl-fold"> one lane per worker</label>
    <span class="tl-range"></span>
  </div>
  <div class="tl-highlight" hidden><span></span> <button type="button" class="tl-clear">clear</button></div>
  <canvas class="tl-overview" title="the whole run: drag across it to zoom to a range"></canvas>
  <canvas class="tl-axis"></canvas>
  <div class="tl-scroll"><canvas class="tl-lanes"></canvas></div>
  <div class="tl-tip" hidden></div>
</div>
<script type="application/json" id="timeline-data">${jsonForScript(data)}</script>
</section>`;
}
