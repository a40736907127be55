// quill docs: pan (drag) and zoom (wheel, buttons) for an SVG drawing.
// The drawing sits in one <g> whose transform is the only thing that
// changes, so moving around thousands of nodes costs one attribute write.
(function (Q) {
  'use strict';

  var MIN = 0.02;
  var MAX = 4;
  // Below this scale labels are unreadable anyway; hiding them (CSS class
  // "far") keeps the whole-project drawing fast and uncluttered.
  var LABELS = 0.45;

  // panZoom makes svg pannable and zoomable; g holds a drawing of w × h.
  // It returns controls: fit(), start() and zoom(factor).
  Q.panZoom = function (svg, g, w, h) {
    var s = 1, tx = 0, ty = 0;
    var drag = null;
    var moved = false;

    function apply() {
      g.setAttribute('transform', 'translate(' + tx.toFixed(1) + ',' + ty.toFixed(1) + ') scale(' + s.toFixed(4) + ')');
      svg.classList.toggle('far', s < LABELS);
      svg.setAttribute('data-scale', s.toFixed(3));
    }

    function size() {
      var r = svg.getBoundingClientRect();
      return { w: r.width || 800, h: r.height || 600, left: r.left, top: r.top };
    }

    // zoomAt scales by k keeping the drawing point under (mx, my) still.
    function zoomAt(k, mx, my) {
      var ns = Math.min(MAX, Math.max(MIN, s * k));
      tx = mx - (mx - tx) * ns / s;
      ty = my - (my - ty) * ns / s;
      s = ns;
      apply();
    }

    function fit() {
      var v = size();
      var pad = 20;
      s = Math.min(MAX, Math.max(MIN, Math.min((v.w - 2 * pad) / Math.max(w, 1), (v.h - 2 * pad) / Math.max(h, 1), 1.2)));
      tx = (v.w - w * s) / 2;
      ty = (v.h - h * s) / 2;
      apply();
    }

    // start is the first view: the whole drawing, unless that is too small
    // to read while fitting only its short side is not (a long chain of
    // schemas, say): then the start of the drawing at a readable size.
    function start() {
      var v = size();
      var pad = 20;
      var all = Math.min((v.w - 2 * pad) / Math.max(w, 1), (v.h - 2 * pad) / Math.max(h, 1));
      var side = Math.min(1, Math.max((v.w - 2 * pad) / Math.max(w, 1), (v.h - 2 * pad) / Math.max(h, 1)));
      if (all >= LABELS || side < LABELS) { fit(); return; }
      s = side;
      tx = w * s <= v.w - 2 * pad ? (v.w - w * s) / 2 : pad;
      ty = h * s <= v.h - 2 * pad ? (v.h - h * s) / 2 : pad;
      apply();
    }

    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var v = size();
      // deltaMode 1 is lines (Firefox): scale it to pixels.
      var dy = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
      zoomAt(Math.exp(-dy * 0.0015), ev.clientX - v.left, ev.clientY - v.top);
    }, { passive: false });

    function onMove(ev) {
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
      tx = drag.tx + dx;
      ty = drag.ty + dy;
      apply();
    }
    function onUp() {
      drag = null;
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    }
    svg.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, tx: tx, ty: ty };
      moved = false;
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
    });
    // A drag that ends on a node must not open it: swallow that click.
    svg.addEventListener('click', function (ev) {
      if (moved) { ev.preventDefault(); ev.stopPropagation(); moved = false; }
    }, true);

    apply();
    return {
      fit: fit,
      start: start,
      zoom: function (k) { var v = size(); zoomAt(k, v.w / 2, v.h / 2); }
    };
  };

  // zoomButtons are the +, − and fit buttons shown over a drawing.
  Q.zoomButtons = function (pz) {
    return Q.el('div', { 'class': 'zoom' },
      Q.el('button', { type: 'button', title: 'zoom in', onclick: function () { pz.zoom(1.4); } }, '+'),
      Q.el('button', { type: 'button', title: 'zoom out', onclick: function () { pz.zoom(1 / 1.4); } }, '−'),
      Q.el('button', { type: 'button', title: 'fit', onclick: function () { pz.fit(); } }, 'fit'));
  };
})(window.QuillDocs = window.QuillDocs || {});
