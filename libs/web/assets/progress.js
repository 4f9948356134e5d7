// Progress bars that update by themselves: a <progress data-poll="/api/…"> asks its address
// every second and shows the answer's provisioning.progress; at 100 the page is reloaded to
// show the final state. Without JavaScript the page's own refresh link does the same.
(function () {
  'use strict';
  for (const bar of document.querySelectorAll('progress[data-poll]')) {
    const label = document.querySelector('label[for="' + bar.id + '"]');
    const template = bar.getAttribute('data-label') || '';
    const timer = setInterval(async () => {
      try {
        const response = await fetch(bar.getAttribute('data-poll'), {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
        });
        if (!response.ok) return;
        const body = await response.json();
        const percent = body.provisioning ? body.provisioning.progress : 100;
        bar.value = percent;
        bar.textContent = percent + '%';
        if (label && template) label.textContent = template.replace('{{percent}}', String(percent));
        if (percent >= 100 || body.status !== 'provisioning') {
          clearInterval(timer);
          window.location.reload();
        }
      } catch {
        // The next tick tries again; the refresh link still works.
      }
    }, 1000);
  }
})();
