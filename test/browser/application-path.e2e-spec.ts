import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { readServiceTemplates } from '@townhall/catalogue';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import {
  checkPage as checkAccessible,
  logInToOffice,
  logOutOfOffice,
  openBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { samplePdf } from '../support/sample-files.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The whole path of an application, in Chromium: a citizen applies at Tartu with an
 * attachment, an official requests more information, the citizen corrects and resubmits, the
 * official approves, the citizen downloads the decision PDF and finds the official's views
 * of the case in "who has seen my data". A parent finds her address and her children from the
 * population register as text with the source, each child to include or leave out; a choice she
 * did not make is asked for (a select starts on "Choose…"), and what is missing at submission is
 * named on the review as on its step, linked to its input there.
 */
describe('an application from the form to the decision', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let browser: TestBrowser;
  let tartu: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        identityProvider: sandboxProviders(started.base),
        staff: [
          { email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' },
          { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
        ],
        services: [
          { template: 'felling-permit' },
          { template: 'project-grant' },
          { template: 'appeal' },
          { template: 'hobby-activity-support' },
          { template: 'preschool-place' },
        ],
        registers: {
          population: { url: `${started.base}/registers/population`, client: 'EE/GOV/tartu/townhall' },
        },
      } as never),
    ]);
    api = await startApi(env);
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  const checkPage = (name: string) => checkAccessible(browser.page, name);

  async function citizenLogin(page: Page, persona: RegExp) {
    await page
      .getByRole('link', { name: /Log in/ })
      .first()
      .click();
    await page.waitForURL(/\/login\?/);
    await page.getByRole('link', { name: 'Log in with national eID' }).click();
    await page.waitForURL(/\/eid\/interaction\//);
    await page.getByLabel(persona).check();
    await page.getByLabel('substantial', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
  }

  const staffLogin = (page: Page, persona: RegExp, path: string) => logInToOffice(page, tartu, persona, path);
  const staffLogout = (page: Page) => logOutOfOffice(page, tartu);

  it('walks a felling permit from the form to the decision and the data-access log', async () => {
    const { page } = browser;
    await page.goto(`${tartu}/services/felling-permit?lang=en`);
    await citizenLogin(page, /Mari Maasikas/);
    await page.waitForURL(`${tartu}/services/felling-permit`);
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]+\/steps\/1$/);
    const applicationUrl = page.url().replace(/\/steps\/1$/, '');
    await checkPage('application-step-1');

    // Server-side validation of the step: a missing required answer is named in the summary.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Cadastral code: answer this question');
    await checkPage('application-step-1-errors');

    await page.getByLabel('Cadastral code').fill('79501:001:0001');
    await page.getByLabel('Address of the property').fill('Raekoja plats 1, Tartu');
    await page.getByLabel('Owner', { exact: true }).check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${applicationUrl}/steps/2`);

    // Script typed into a text field is kept as text and shown escaped, never run.
    await page.locator('#trees-0-species').fill('<script>window.pwned=1</script>Kask');
    await page.locator('#trees-0-count').fill('2');
    await page.locator('#trees-0-diameterCm').fill('35');
    await page.getByLabel('The tree is diseased or dead').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${applicationUrl}/steps/3`);
    await checkPage('application-step-3');

    // A disguised file (HTML named .pdf) is refused by its content; a real PDF is attached.
    await page.getByLabel('Site plan showing the trees').setInputFiles({
      name: 'plan.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/plan\.pdf/);
    await page.getByLabel('Site plan showing the trees').setInputFiles({
      name: 'site-plan.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(),
    });
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${applicationUrl}/review`);
    await expect(page.locator('main').textContent()).resolves.toContain('site-plan.pdf');
    await expect(page.locator('main').textContent()).resolves.toContain('<script>window.pwned=1</script>Kask');
    await expect(page.evaluate(() => (globalThis as { pwned?: number }).pwned)).resolves.toBeUndefined();
    await checkPage('application-review');

    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.waitForURL(`${applicationUrl}?submitted=1`);
    const reference = (await page.locator('dd').first().textContent())!.trim();
    expect(reference).toMatch(/^TRT-\d{4}-\d{6}$/);
    await checkPage('application-received');
    const [receipt] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the receipt (PDF)' }).click(),
    ]);
    expect(receipt.suggestedFilename()).toBe(`${reference}-receipt.pdf`);
    await page.getByRole('link', { name: 'My applications' }).first().click();
    await expect(page.locator('table').textContent()).resolves.toContain(reference);
    await checkPage('my-applications');

    // The handler starts the review and asks for more information.
    await staffLogin(page, /Hanna Handler \(tartu\)/, '/office/cases');
    await checkPage('office-queue');
    await page.getByRole('link', { name: reference }).click();
    await checkPage('office-case');
    await page.getByRole('button', { name: 'Start review' }).click();
    await page.waitForURL(/\?done=start-review/);
    // A handler may not decide: the owner's step is not offered.
    await expect(page.getByRole('button', { name: 'Grant the permit' }).count()).resolves.toBe(0);
    await page.getByLabel('What information is needed').fill('Please give the exact diameter of each tree.');
    await page.locator('input[name=fields][value=trees]').check();
    await page.getByRole('button', { name: 'Request information' }).click();
    await page.waitForURL(/\?done=request-information/);

    // The citizen corrects the trees and answers.
    await page.goto(applicationUrl);
    await expect(page.locator('main').textContent()).resolves.toContain('Please give the exact diameter of each tree.');
    await checkPage('application-waiting');
    await page.getByRole('link', { name: 'Correct your application' }).click();
    await page.waitForURL(`${applicationUrl}/steps/2`);
    await page.locator('#trees-0-diameterCm').fill('42');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${applicationUrl}/answer`);
    await checkPage('application-answer');
    await page.getByLabel('Your answer (optional)').fill('Measured again: 42 cm.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await page.waitForURL(`${applicationUrl}?answered=1`);

    // The owner approves.
    await staffLogout(page);
    await staffLogin(page, /Otto Owner \(tartu\)/, '/office/cases');
    await page.getByRole('link', { name: reference }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Measured again: 42 cm.');
    await page.getByLabel('Reasons for “Grant the permit”').fill('The trees are diseased; felling is justified.');
    await page.getByRole('button', { name: 'Grant the permit' }).click();
    await page.waitForURL(/\?done=approve/);
    await checkPage('office-case-decided');

    // The citizen downloads the decision and sees who looked at the case.
    // Still logged in to the portal: the office's login and logout are the office's own.
    await page.goto(applicationUrl);
    await checkPage('application-decided');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the decision (PDF)' }).click(),
    ]);
    const pdf = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Within the appeal period the decision can be appealed online: the appeal starts filled in with the decision.
    await page.getByRole('button', { name: 'Appeal the decision' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]+\/steps\/1$/);
    await expect(page.getByLabel('Reference of the decision').inputValue()).resolves.toBe(reference);
    await checkPage('appeal-step-1');
    await page.getByRole('link', { name: 'Who has seen my data' }).first().click();
    const log = (await page.locator('table').textContent())!;
    expect(log).toContain('Hanna Handler');
    expect(log).toContain('Otto Owner');
    expect(log).toContain(`Case ${reference}`);
    await checkPage('data-access');
  });

  it('applies for a project grant through its form, and submits the report due after it, which goes to the officials', async () => {
    const { page } = browser;
    // The grant: a person applies for a community festival, through the form's four steps.
    await page.goto(`${tartu}/services/project-grant?lang=en`);
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]+\/steps\/1$/);
    const grantUrl = page.url().replace(/\/steps\/1$/, '');
    const id = grantUrl.split('/').pop()!;
    await page.getByLabel('As a private person').check();
    await page.getByLabel('Contact e-mail').fill('mari@example.ee');
    await page.getByLabel('Bank account for the grant (IBAN)').fill('EE471000001020145685');
    await page.getByLabel('Account holder').fill('Mari Maasikas');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${grantUrl}/steps/2`);
    await page.getByLabel('Name of the project or event').fill('Supilinn Days 2026');
    await page.getByLabel('Field').selectOption('community');
    await page
      .getByLabel('Description of the project')
      .fill('A three-day neighbourhood festival with concerts, a street dinner and history walks.');
    await page.getByLabel('Aims and expected results').fill('Bring neighbours together and involve young volunteers.');
    await page.getByLabel('Audience').fill('Residents of Supilinn and nearby districts');
    await page.getByLabel('Expected number of participants').fill('1500');
    for (const [field, [day, month, year]] of [
      ['eventStart', ['22', '5', '2026']],
      ['eventEnd', ['24', '5', '2026']],
    ] as const) {
      await page.locator(`#${field}-day`).fill(day);
      await page.locator(`#${field}-month`).fill(month);
      await page.locator(`#${field}-year`).fill(year);
    }
    await page.getByLabel('Venue').fill('Emajõe tn 1a, Tartu');
    await page.getByLabel('Free', { exact: true }).check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${grantUrl}/steps/3`);
    await page.locator('#budgetLines-0-item').fill('Stage and sound');
    await page.locator('#budgetLines-0-costType').selectOption('equipment');
    await page.locator('#budgetLines-0-amount').fill('2400');
    await page.locator('#budgetLines-0-fromGrant').fill('2000');
    await page.getByLabel('Total budget of the project (euros)').fill('3000');
    await page.getByLabel('Amount requested (euros)').fill('2000');
    await page.locator('#coFinancing-0-source').fill('Supilinn Society');
    await page.locator('#coFinancing-0-sourceType').selectOption('own');
    await page.locator('#coFinancing-0-amount').fill('1000');
    await page.locator('input[name="coFinancing[0][status]"][value=confirmed]').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${grantUrl}/steps/4`);
    await page.getByLabel(/no overdue national or local taxes/).check();
    await page.getByLabel(/published on the municipality’s website|published on the municipality's website/).check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${grantUrl}/review`);
    await checkPage('grant-review');
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.waitForURL(`${grantUrl}?submitted=1`);
    const reference = (await page.locator('dd').first().textContent())!.trim();

    // The handler checks it and sends it for assessment; the owner awards the grant.
    await staffLogout(page);
    await staffLogin(page, /Hanna Handler \(tartu\)/, '/office/cases');
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('button', { name: 'Start review' }).click();
    await page.waitForURL(/\?done=start-check/);
    await page.getByRole('button', { name: 'Send for assessment' }).click();
    await page.waitForURL(/\?done=send-to-assessment/);
    await staffLogout(page);
    await staffLogin(page, /Otto Owner \(tartu\)/, '/office/cases');
    await page.getByRole('link', { name: reference }).click();
    await page.getByLabel('Reasons for “Award the grant”').fill('A well prepared community festival.');
    await page.getByRole('button', { name: 'Award the grant' }).click();
    await page.waitForURL(/\?done=grant/);

    // The citizen finds the report due on the application, fills it in and sends it.
    // Still logged in to the portal: the office's logins and logouts are the office's own.
    await page.goto(`${tartu}/applications/${id}`);
    await expect(page.locator('main').textContent()).resolves.toContain('What you still need to do');
    await checkPage('application-report-due');
    await page.getByRole('link', { name: /Fill in: / }).click();
    await page.waitForURL(`${tartu}/applications/${id}/follow-ups/event-report/steps/1`);
    await page.getByLabel('As planned').check();
    await page
      .getByLabel('A short account of what took place and its results')
      .fill('Three days of concerts, guided walks and a courtyard for children; about 1,600 visitors came.');
    await page.getByLabel('Number of participants').fill('1600');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/\/follow-ups\/event-report\/steps\/2$/);
    await checkPage('report-step-2');
    await page.locator('#actualCosts-0-item').fill('Stage and sound');
    await page.locator('#actualCosts-0-document').fill('INV-2026-114');
    await page.locator('#actualCosts-0-amount').fill('2400');
    await page.locator('#actualCosts-0-fromGrant').fill('2000');
    await page.getByLabel('Grant used in total (euros)').fill('2000');
    await page.getByLabel('Invoices and other evidence').setInputFiles({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf('Invoice INV-2026-114'),
    });
    await page.getByLabel('I confirm that the report is correct and that the grant was used for its purpose.').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/\/follow-ups\/event-report\/review$/);
    await expect(page.locator('main').textContent()).resolves.toContain('invoice.pdf');
    await checkPage('report-review');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(`${tartu}/applications/${id}?reported=1`);
    await checkPage('report-sent');
    const [row] = await db.query<{ state: string }>(`select state from applications where id = $1`, [id]);
    expect(row.state).toBe('report-review');

    // The owner returns the report for a correction; the citizen corrects and sends it again.
    await page.goto(`${tartu}/office/cases/${id}`);
    await page.getByLabel('What information is needed').fill('Please add the invoice of the sound equipment too.');
    await page.getByRole('button', { name: 'Return the report' }).click();
    await page.waitForURL(/\?done=return-report/);
    await page.goto(`${tartu}/applications/${id}`);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Please add the invoice of the sound equipment too.',
    );
    // What was returned is the report: the application itself is not offered for change.
    await expect(page.getByRole('link', { name: 'Answer without changing your application' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: /Go on with: Project report/ }).click();
    await page.waitForURL(/\/follow-ups\/event-report\/steps\/2$/);
    await page.getByLabel('Invoices and other evidence').setInputFiles({
      name: 'invoice-sound.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf('Invoice INV-2026-120'),
    });
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/\/follow-ups\/event-report\/review$/);
    await expect(page.locator('main').textContent()).resolves.toContain('invoice-sound.pdf');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(`${tartu}/applications/${id}?reported=1`);
    const [again] = await db.query<{ state: string }>(`select state from applications where id = $1`, [id]);
    expect(again.state).toBe('report-review');
  });

  it("lists a parent's children from the population register, read-only with their source, each to include or leave out", async () => {
    // Another person in a browser of their own.
    const parent = await openBrowser();
    try {
      const { page } = parent;
      await page.goto(`${tartu}/services/hobby-activity-support?lang=en`);
      await citizenLogin(page, /Maarja Kask/);
      await page.waitForURL(`${tartu}/services/hobby-activity-support`);
      await page.getByRole('button', { name: 'Start now' }).click();
      await page.waitForURL(/\/applications\/[0-9a-f-]+\/steps\/1$/);
      const applicationUrl = page.url().replace(/\/steps\/1$/, '');
      // Her address is the register's: text, its label, value and source (dated the British way), no field to type in.
      const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Tallinn' }).format(
        new Date(),
      );
      await expect(page.getByRole('term').filter({ hasText: 'Your home address' }).count()).resolves.toBe(1);
      await expect(
        page.getByRole('definition').filter({ hasText: 'Kalevi 22-5, 51010 Tartu' }).textContent(),
      ).resolves.toBe(`Kalevi 22-5, 51010 Tartu From the population register, ${today}`);
      await expect(page.getByRole('textbox', { name: 'Your home address' }).count()).resolves.toBe(0);
      await checkAccessible(page, 'hobby-applicant-from-register');
      await page.getByLabel('E-mail address').fill('maarja.kask@example.ee');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(`${applicationUrl}/steps/2`);

      // What the register gave is text under its source, not a field; the activity is asked.
      const mia = page.getByRole('group', { name: 'Child 1' });
      await expect(mia.locator('dl').textContent()).resolves.toMatch(
        /Child's name\s*Mia Kask\s*Personal identification code\s*6150630\d{4}\s*Date of birth\s*30 June 2015/,
      );
      await expect(mia.getByText(/^From the population register, /).count()).resolves.toBe(1);
      await expect(mia.getByRole('textbox', { name: "Child's name" }).count()).resolves.toBe(0);
      await expect(mia.getByRole('textbox', { name: 'Hobby school or sports club' }).count()).resolves.toBe(1);
      const oskar = page.getByRole('checkbox', { name: 'Include in this application: Child 2 (Oskar Kask)' });
      await expect(oskar.isChecked()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: /Add another row to “Children/ }).count()).resolves.toBe(0);
      await checkAccessible(page, 'hobby-children-from-register');

      // The group's hint says how: a checkbox per child, not rows to remove.
      await expect(
        page.getByText('Tick each child you are applying for and give one activity per child.').count(),
      ).resolves.toBe(1);

      // Oskar left out, Mia's activity not given yet: what is missing is named as the page shows it, linked to its input.
      await oskar.uncheck();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      const missing = page.getByRole('link', {
        name: 'Children you are applying for, child 1: Hobby school or sports club: answer this question',
      });
      await expect(missing.count()).resolves.toBe(1);
      const school = mia.getByRole('textbox', { name: 'Hobby school or sports club' });
      await expect(missing.getAttribute('href')).resolves.toBe(`#${await school.getAttribute('id')}`);
      // The Field, never chosen, was sent as nothing (its select starts on "Choose…", not on "Sport"); the
      // errors are listed as the fields are on the page, the child's before the period's.
      await expect(mia.getByLabel('Field').inputValue()).resolves.toBe('');
      await expect(page.getByRole('alert').getByRole('link').allTextContents()).resolves.toEqual([
        'Children you are applying for, child 1: Hobby school or sports club: answer this question',
        'Children you are applying for, child 1: Activity, class or training group: answer this question',
        'Children you are applying for, child 1: Field: choose one',
        'Children you are applying for, child 1: Monthly fee (euros): answer this question',
        'Start of the period: answer this question',
        'End of the period: answer this question',
      ]);
      await checkAccessible(page, 'hobby-children-errors');

      // Mia's activity given.
      await expect(oskar.isChecked()).resolves.toBe(false);
      await mia.getByLabel('Hobby school or sports club').fill('Tartu Laste Kunstikool');
      await mia.getByLabel('Activity, class or training group').fill('Joonistamine ja maal');
      await mia.getByLabel('Field').selectOption('art');
      await mia.getByLabel('Monthly fee (euros)').fill('38.5');
      for (const [field, [day, month, year]] of [
        ['periodStart', ['1', '9', '2026']],
        ['periodEnd', ['31', '12', '2026']],
      ] as const) {
        await page.locator(`#${field}-day`).fill(day);
        await page.locator(`#${field}-month`).fill(month);
        await page.locator(`#${field}-year`).fill(year);
      }
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(`${applicationUrl}/steps/3`);
      const [saved] = await db.query<{ answers: { children: Record<string, unknown>[] } }>(
        `select answers from applications where id = $1`,
        [applicationUrl.split('/').pop()],
      );
      expect(saved.answers.children).toEqual([
        expect.objectContaining({ name: 'Mia Kask', birthDate: '2015-06-30', hobbySchool: 'Tartu Laste Kunstikool' }),
      ]);

      // An answer gone missing by the time she submits (as a changed condition can leave one): the review
      // names it as its step does, and its link leads to the step and the input where it is given.
      await page.getByLabel('To the hobby school, which deducts it from the fee').check();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(`${applicationUrl}/steps/4`);
      await page.getByLabel(/^I confirm that the information is correct/).check();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(`${applicationUrl}/review`);
      await db.query(
        `update applications set answers = jsonb_set(answers, '{children,0}', (answers #> '{children,0}') - 'activityField') where id = $1`,
        [applicationUrl.split('/').pop()],
      );
      await page.getByRole('button', { name: 'Submit the application' }).click();
      const field = page.getByRole('alert').getByRole('link', {
        name: 'Children you are applying for, child 1: Field: choose one',
      });
      await expect(field.count()).resolves.toBe(1);
      await checkAccessible(page, 'hobby-review-errors');
      await field.click();
      await page.waitForURL(`${applicationUrl}/steps/2#children-0-activityField`);
      await expect(page.locator(':focus').getAttribute('id')).resolves.toBe('children-0-activityField');
    } finally {
      await parent.close();
    }
  });

  it('lets a parent choose the one child a pre-school place is for, by radio button', async () => {
    const parent = await openBrowser();
    try {
      const { page } = parent;
      await page.goto(`${tartu}/services/preschool-place?lang=en`);
      await citizenLogin(page, /Sara Holm/);
      await page.waitForURL(`${tartu}/services/preschool-place`);
      await page.getByRole('button', { name: 'Start now' }).click();
      await page.waitForURL(/\/applications\/[0-9a-f-]+\/steps\/1$/);
      const applicationUrl = page.url().replace(/\/steps\/1$/, '');

      const elsa = page.getByRole('radio', { name: 'Include in this application: Child 1 (Elsa Holm)' });
      const nils = page.getByRole('radio', { name: 'Include in this application: Child 2 (Nils Holm)' });
      await expect(elsa.isChecked()).resolves.toBe(false);
      await expect(nils.isChecked()).resolves.toBe(false);
      await expect(page.getByRole('textbox', { name: "Child's name" }).count()).resolves.toBe(0);
      await checkAccessible(page, 'preschool-child-from-register');

      await elsa.check();
      await nils.check();
      await expect(elsa.isChecked()).resolves.toBe(false);
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(`${applicationUrl}/steps/2`);
      const [saved] = await db.query<{ answers: { child: Record<string, unknown>[] } }>(
        `select answers from applications where id = $1`,
        [applicationUrl.split('/').pop()],
      );
      expect(saved.answers.child).toEqual([{ name: 'Nils Holm', personalNumber: expect.stringMatching(/^20250203/) }]);
    } finally {
      await parent.close();
    }
  });

  it("offers the appeal's own withdraw step on its page, confirmed on a page of its own, in place of the generic withdrawal", async () => {
    const appellant = await openBrowser();
    try {
      const { page } = appellant;
      await page.goto(`${tartu}/services/appeal?lang=en`);
      await citizenLogin(page, /Mari Maasikas/);
      await page.waitForURL(`${tartu}/services/appeal`);
      const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
      const { example } = readServiceTemplates(undefined, ['appeal'])[0];
      // Submitted whole over the JSON API from the page (the form itself is not the subject here).
      const submitted = await page.evaluate(
        async ({ answers, token }) => {
          const response = await fetch('/api/v1/applications', {
            method: 'POST',
            headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': token },
            body: JSON.stringify({ service: 'appeal', answers, delivery: 'portal' }),
          });
          return { status: response.status, body: await response.text() };
        },
        { answers: { ...example, attachments: undefined }, token: csrf! },
      );
      expect({ status: submitted.status, body: submitted.status === 201 ? '' : submitted.body }).toEqual({
        status: 201,
        body: '',
      });
      const { id } = JSON.parse(submitted.body) as { id: string };

      await page.goto(`${tartu}/applications/${id}`);
      await page.getByRole('heading', { name: 'What you can do' }).waitFor();
      await expect(page.getByRole('button', { name: 'Withdraw the application' }).count()).resolves.toBe(0);
      await checkAccessible(page, 'application-applicant-steps');
      await page.getByRole('link', { name: 'Withdraw the appeal' }).click();
      await page.waitForURL(`${tartu}/applications/${id}/transitions/withdraw-received`);
      await page.getByText('The application will then be: Withdrawn.').waitFor();
      await checkAccessible(page, 'application-step-confirm');
      await page.getByRole('button', { name: 'Confirm: Withdraw the appeal' }).click();
      await page.waitForURL(`${tartu}/applications/${id}?step=withdraw-received`);
      await page.getByRole('heading', { name: 'Done: Withdraw the appeal' }).waitFor();
      await checkAccessible(page, 'application-step-taken');
      const [{ state }] = await db.query<{ state: string }>(`select state from applications where id = $1`, [id]);
      expect(state).toBe('withdrawn');
    } finally {
      await appellant.close();
    }
  });
});
