// task.js — runs in piscina's worker threads: renders a small report for a
// request. LEAK=1 keeps every rendered report in a module-level "recent"
// list that nothing trims (~1 KB per task), in the worker's own heap.
'use strict';
const recent = [];
module.exports = ({ id }) => {
  const report = { id, rows: Array.from({ length: 16 }, (_, i) => `row ${i} of report ${id}`) };
  if (process.env.LEAK === '1') recent.push(report);
  return { id, rows: report.rows.length };
};
