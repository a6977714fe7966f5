// The design document page's only script (served from this host, like mermaid.min.js beside it): draws the page's
// Mermaid blocks as SVG and wires the print button. The diagram source is the page's own text (the host builds it from
// generated node ids and entity-coded labels); Mermaid's strict mode encodes labels again and allows no links or clicks.
(function () {
  'use strict';
  var print = document.getElementById('print');
  if (print) {
    print.addEventListener('click', function () { window.print(); });
  }
  var blocks = document.querySelectorAll('pre.mermaid');
  if (blocks.length === 0 || typeof mermaid === 'undefined') {
    return;
  }
  // Strict: labels are sanitized text (Mermaid decodes the entity codes the host wrote), no clicks, no links.
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
  mermaid.run({ nodes: blocks }).then(function () {
    document.documentElement.setAttribute('data-diagrams', 'drawn');
  }, function (error) {
    // The source stays on the page as text: a diagram that cannot be drawn is still readable.
    document.documentElement.setAttribute('data-diagrams', 'failed');
    console.warn('Mermaid could not draw the diagram: ' + (error && error.message));
  });
})();
