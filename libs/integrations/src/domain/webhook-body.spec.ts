import type { OutboxEventEntity } from '@townhall/notifications';
import { webhookBodyOf } from './webhook-body.js';

const event = (type: string, payload: Record<string, unknown>) =>
  ({
    id: '0b7d2c1e-5f43-4c84-9d1a-0d6a3f1f7e10',
    event: type,
    createdAt: new Date('2026-03-01T10:00:00Z'),
    payload,
  }) as unknown as OutboxEventEntity & { event: 'application.decided' };

describe('webhook bodies', () => {
  it('name the event and the application, and nothing personal', () => {
    const body = webhookBodyOf(
      event('application.decided', {
        applicationId: 'a1',
        reference: 'TAR-2026-000001',
        service: { en: 'Felling permit' },
        message: 'Mari Maasikas may fell the birches.',
        decision: { outcome: 'approved', appealUntil: '2026-03-31' },
        locale: 'et',
      }),
      'tartu',
    );
    expect(JSON.parse(body)).toEqual({
      id: '0b7d2c1e-5f43-4c84-9d1a-0d6a3f1f7e10',
      type: 'application.decided',
      occurredAt: '2026-03-01T10:00:00.000Z',
      municipality: 'tartu',
      data: { applicationId: 'a1', reference: 'TAR-2026-000001', outcome: 'approved', appealUntil: '2026-03-31' },
    });
    expect(body).not.toContain('Mari');
  });

  it("carries a request's answer-by date", () => {
    const body = JSON.parse(
      webhookBodyOf(
        event('application.information-requested', {
          applicationId: 'a1',
          reference: 'R',
          dueAt: '2026-03-15T00:00:00Z',
        }),
        'tartu',
      ),
    );
    expect(body.data).toEqual({ applicationId: 'a1', reference: 'R', dueAt: '2026-03-15T00:00:00Z' });
  });
});
