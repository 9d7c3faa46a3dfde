/* The charts in view are drawn first and painted before the others are drawn.

   A page's callback fills every chart at once and dcc.Graph calls Plotly.react for each in
   the same task, so nothing is painted until the last chart is drawn (18 on the needs
   page). Here Plotly.react queues the chart instead: the charts in view are drawn at once,
   then the browser paints, then the rest are drawn one at a time, nearest the view first,
   each after a paint. Plotly.react still returns a promise of the drawn chart (dcc.Graph
   waits for it); a chart given a new figure before its turn is drawn once, with the newest;
   a chart taken off the page before its turn is not drawn. plotly.js comes before this
   file (external_scripts in dashboard/app_factory.py); without it this does nothing.
   docs/performance.md, "First page load". */
(function () {
  "use strict";
  const Plotly = window.Plotly;
  if (!Plotly || typeof Plotly.react !== "function" || Plotly.inViewFirst) { return; }
  const react = Plotly.react;
  const waiting = new Map();   // graph div -> {args, settle: [[resolve, reject], ...]}
  let scheduled = false;

  // 0 in view, else how far from it (px); hidden charts (a slide not shown) last.
  function distance(gd) {
    const box = gd.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) { return Infinity; }
    if (box.bottom > 0 && box.top < window.innerHeight) { return 0; }
    return box.top >= window.innerHeight ? box.top - window.innerHeight : -box.bottom;
  }

  function settle(job, outcome, value) {
    job.settle.forEach(function (pair) { pair[outcome](value); });
  }

  function draw(gd) {
    const job = waiting.get(gd);
    waiting.delete(gd);
    let drawn;
    try {
      drawn = Promise.resolve(react.apply(Plotly, [gd].concat(job.args)));
    } catch (error) {
      drawn = Promise.reject(error);
    }
    drawn.then(function (value) { settle(job, 0, value); },
               function (error) { settle(job, 1, error); });
  }

  // After the browser has painted (a frame, then a task); a tab in the background gets no
  // frames, so a timer stands in.
  function afterPaint(next) {
    let done = false;
    const go = function () { if (!done) { done = true; next(); } };
    window.requestAnimationFrame(function () { window.setTimeout(go, 0); });
    window.setTimeout(go, 100);
  }

  function run() {
    scheduled = false;
    Array.from(waiting.keys()).forEach(function (gd) {
      if (!gd.isConnected) { const job = waiting.get(gd); waiting.delete(gd); settle(job, 0, gd); }
    });
    if (!waiting.size) { return; }
    const ordered = Array.from(waiting.keys())
      .map(function (gd) { return [distance(gd), gd]; })
      .sort(function (a, b) { return a[0] - b[0]; });
    const inView = ordered.filter(function (pair) { return pair[0] === 0; });
    (inView.length ? inView : ordered.slice(0, 1)).forEach(function (pair) { draw(pair[1]); });
    if (waiting.size) {
      scheduled = true;
      afterPaint(run);
    }
  }

  Plotly.react = function (gd) {
    const args = Array.prototype.slice.call(arguments, 1);
    if (!(gd instanceof HTMLElement)) { return react.apply(Plotly, arguments); }
    return new Promise(function (resolve, reject) {
      const job = waiting.get(gd) || {settle: []};
      job.args = args;
      job.settle.push([resolve, reject]);
      waiting.set(gd, job);
      if (!scheduled) {
        scheduled = true;
        // after the other charts of this answer have been queued (their calls are
        // already in the microtask queue)
        Promise.resolve().then(run);
      }
    });
  };
  Plotly.inViewFirst = true;
})();
