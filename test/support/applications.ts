import { samplePdf } from './sample-files.js';
import { hiddenField, type HttpBrowser } from './http-browser.js';

/**
 * A citizen (logged in on `browser`) applies for a felling permit at `origin` through the
 * portal's pages, with a site plan, and submits. Returns the application's id.
 */
export async function applyForFellingPermit(
  browser: HttpBrowser,
  origin: string,
  delivery: 'portal' | 'email' = 'portal',
): Promise<string> {
  const csrf = hiddenField((await browser.request(`${origin}/services/felling-permit`)).body, '_csrf')!;
  const started = await browser.request(`${origin}/services/felling-permit/apply`, { form: { _csrf: csrf } });
  const id = /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location ?? '')?.[1];
  if (!id) throw new Error(`could not start an application: ${started.status} ${started.body.slice(0, 200)}`);
  const steps: Record<string, string>[] = [
    { cadastralCode: '79501:001:0001', ownership: 'owner' },
    { 'trees[0][species]': 'Kask', 'trees[0][count]': '2', 'trees[0][diameterCm]': '35', reason: 'diseased' },
  ];
  for (const [i, form] of steps.entries()) {
    const saved = await browser.request(`${origin}/applications/${id}/steps/${i + 1}`, {
      form: { _csrf: csrf, ...form },
    });
    if (saved.status !== 303) throw new Error(`step ${i + 1} answered ${saved.status}`);
  }
  const files = new FormData();
  files.set('_csrf', csrf);
  files.set('sitePlan', new Blob([new Uint8Array(samplePdf())], { type: 'application/pdf' }), 'site-plan.pdf');
  const attached = await browser.request(`${origin}/applications/${id}/steps/3`, { multipart: files });
  if (attached.status !== 303) throw new Error(`the site plan answered ${attached.status}`);
  const submitted = await browser.request(`${origin}/applications/${id}/submit`, {
    form: { _csrf: csrf, delivery },
  });
  if (submitted.status !== 303) throw new Error(`submission answered ${submitted.status}`);
  return id;
}
