// The interactive timeline: packed operation columns plus an inline canvas painter.
export { timelineData } from './timeline-data.js';
export type { LockBar, TimelineData } from './timeline-data.js';
export { timelineSection } from './timeline-section.js';
export { timelineScript, timelineStyles } from './timeline-script.js';
