/**
 * The run report's only script, inlined in the page (no network, no library): zoom and pan of
 * the timeline. Buttons zoom in and out around the centre, pan by a quarter, fit the axis to
 * the activity or show the whole run; dragging across the plot zooms to the dragged range. On
 * every change (and once at load) it moves bars, markers, page spans and the queue area from
 * their `data-t*` times, redraws the axis, and puts each bar's label inside the bar only when
 * the browser's measured text length fits (long form, else `#id`, else none: the tooltip has it).
 * @module
 */

/** The script's source (ES2017, strict, in an IIFE). */
export const TIMELINE_SCRIPT = String.raw`(function () {
  'use strict';
  var svg = document.getElementById('timeline');
  if (!svg) return;
  var ds = svg.dataset;
  var labelW = Number(ds.labelW), plotW = Number(ds.plotW);
  var full0 = Number(ds.fullFrom), full1 = Number(ds.fullTo), fit0 = Number(ds.from), fit1 = Number(ds.to);
  var d0 = fit0, d1 = fit1, PAD_L = 9, PAD_R = 4;
  var axis = document.getElementById('tl-axis');
  var brush = document.getElementById('tl-brush');
  var rangeText = document.getElementById('tl-range');
  var NS = 'http://www.w3.org/2000/svg';
  function X(t) { return labelW + (t - d0) / (d1 - d0) * plotW; }
  function f1(v) { return (Math.round(v * 10) / 10).toString(); }
  function niceStep(raw) {
    if (!(raw > 0)) return 1;
    var pow = Math.pow(10, Math.floor(Math.log10(raw)));
    var ms = [1, 2, 5, 10];
    for (var i = 0; i < ms.length; i++) if (ms[i] * pow >= raw) return ms[i] * pow;
    return 10 * pow;
  }
  function each(sel, fn) { Array.prototype.forEach.call(svg.querySelectorAll(sel), fn); }
  function layout() {
    each('rect[data-t0]', function (r) {
      var a = X(Number(r.dataset.t0)), b = X(Number(r.dataset.t1));
      r.setAttribute('x', f1(a));
      r.setAttribute('width', f1(Math.max(r.classList.contains('bar') ? 2 : 1, b - a)));
    });
    each('g.marker', function (g) { g.setAttribute('transform', 'translate(' + f1(X(Number(g.dataset.t))) + ',0)'); });
    each('text.bar-label', function (t) {
      var bar = t.parentNode.querySelector('rect.bar');
      var a = Math.max(Number(bar.getAttribute('x')), labelW);
      var b = Math.min(Number(bar.getAttribute('x')) + Number(bar.getAttribute('width')), labelW + plotW);
      var room = b - a - PAD_L - PAD_R;
      t.setAttribute('x', f1(a + PAD_L));
      t.removeAttribute('display');
      t.textContent = t.dataset.full;
      if (t.getComputedTextLength() > room) {
        t.textContent = t.dataset.short;
        if (t.getComputedTextLength() > room) t.setAttribute('display', 'none');
      }
    });
    each('path.queue-area', function (p) {
      var base = Number(p.dataset.base), scale = Number(p.dataset.scale);
      var d = 'M' + f1(X(full0)) + ',' + base;
      (p.dataset.points || '').split(';').forEach(function (pt) {
        if (!pt) return;
        var tv = pt.split(',');
        d += 'H' + f1(X(Number(tv[0]))) + 'V' + f1(base - Number(tv[1]) * scale);
      });
      p.setAttribute('d', d + 'H' + f1(X(full1)) + 'V' + base + 'Z');
    });
    while (axis.firstChild) axis.removeChild(axis.firstChild);
    var step = niceStep((d1 - d0) / 10);
    for (var t = Math.ceil(d0 / step) * step; t <= d1; t += step) {
      var tx = document.createElementNS(NS, 'text');
      tx.setAttribute('x', f1(X(t)));
      tx.setAttribute('y', '18');
      tx.setAttribute('font-size', '10');
      var px = X(t);
      tx.setAttribute('text-anchor', px > labelW + plotW - 30 ? 'end' : px < labelW + 30 ? 'start' : 'middle');
      tx.setAttribute('fill', '#656d76');
      tx.textContent = t + ' ms';
      axis.appendChild(tx);
    }
    // The margin before 0 ms (room for a marker at 0) is not part of the run: the text starts at 0.
    if (rangeText) rangeText.textContent = 'showing ' + Math.max(0, Math.round(d0)) + '–' + Math.round(d1) + ' ms of ' + Math.max(0, full0) + '–' + full1 + ' ms';
  }
  function setRange(a, b) {
    var span = Math.max(1, b - a);
    if (span > full1 - full0) { a = full0; b = full1; }
    else {
      if (a < full0) { a = full0; b = a + span; }
      if (b > full1) { b = full1; a = b - span; }
    }
    d0 = a; d1 = b;
    layout();
  }
  function act(what) {
    var span = d1 - d0, mid = (d0 + d1) / 2;
    if (what === 'in') setRange(mid - span / 4, mid + span / 4);
    else if (what === 'out') setRange(mid - span, mid + span);
    else if (what === 'left') setRange(d0 - span / 4, d1 - span / 4);
    else if (what === 'right') setRange(d0 + span / 4, d1 + span / 4);
    else if (what === 'fit') setRange(fit0, fit1);
    else if (what === 'all') setRange(full0, full1);
  }
  Array.prototype.forEach.call(document.querySelectorAll('#tl-tools button[data-act]'), function (b) {
    b.addEventListener('click', function () { act(b.getAttribute('data-act')); });
  });
  function svgX(ev) {
    var m = svg.getScreenCTM();
    if (!m) return 0;
    var pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    return pt.matrixTransform(m.inverse()).x;
  }
  var dragFrom = null;
  svg.addEventListener('pointerdown', function (ev) {
    var x = svgX(ev);
    if (x < labelW || x > labelW + plotW) return;
    dragFrom = x;
    brush.setAttribute('x', f1(x)); brush.setAttribute('width', '0'); brush.removeAttribute('display');
  });
  svg.addEventListener('pointermove', function (ev) {
    if (dragFrom === null) return;
    var x = Math.min(Math.max(svgX(ev), labelW), labelW + plotW);
    brush.setAttribute('x', f1(Math.min(x, dragFrom))); brush.setAttribute('width', f1(Math.abs(x - dragFrom)));
  });
  function endDrag(ev) {
    if (dragFrom === null) return;
    var x = Math.min(Math.max(svgX(ev), labelW), labelW + plotW);
    var a = Math.min(x, dragFrom), b = Math.max(x, dragFrom);
    dragFrom = null;
    brush.setAttribute('display', 'none');
    if (b - a < 4) return;
    var t = function (v) { return d0 + (v - labelW) / plotW * (d1 - d0); };
    setRange(t(a), t(b));
  }
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointerleave', endDrag);
  layout();
})();`;
