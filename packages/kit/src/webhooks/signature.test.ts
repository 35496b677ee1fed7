import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS } from './signature';
import { defineWebhookEvent } from './events';

describe('webhook signatures', () => {
  const secret = 'a-secret-of-enough-length';
  const body = JSON.stringify({ id: 'd-1', event: 'TREE_HAZARD_CHANGED', data: { hazard: { id: '7' } } });
  const now = 1_800_000_000_000;
  const headers = (ts: number, sig = signWebhook(secret, ts, body)) => ({ [WEBHOOK_HEADERS.timestamp]: String(ts), [WEBHOOK_HEADERS.signature]: sig });

  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" (what the README tells receivers to compute)', () => {
    expect(signWebhook(secret, 1_800_000_000, body)).toBe(`v1=${createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex')}`);
  });

  it('verifies only the same secret, body and a recent timestamp', () => {
    const ts = now / 1000;
    expect(verifyWebhookSignature(secret, headers(ts), body, { now: () => now })).toBe(true);
    expect(verifyWebhookSignature('another-secret-of-length', headers(ts), body, { now: () => now })).toBe(false);
    expect(verifyWebhookSignature(secret, headers(ts), body.replace('7', '8'), { now: () => now })).toBe(false);
    expect(verifyWebhookSignature(secret, headers(ts - 301), body, { now: () => now })).toBe(false);
    expect(verifyWebhookSignature(secret, headers(ts - 301, signWebhook(secret, ts - 301, body)), body, { now: () => now, toleranceSeconds: 600 })).toBe(true);
    expect(verifyWebhookSignature(secret, { [WEBHOOK_HEADERS.timestamp]: String(ts) }, body, { now: () => now })).toBe(false);
    expect(verifyWebhookSignature(secret, headers(ts, 'v1=00'), body, { now: () => now })).toBe(false);
  });

  it('event kinds are UPPER_SNAKE_CASE', () => {
    expect(defineWebhookEvent('GRID_EVENT_CHANGED', 'x').name).toBe('GRID_EVENT_CHANGED');
    expect(() => defineWebhookEvent('gridEventChanged', 'x')).toThrow('UPPER_SNAKE_CASE');
  });
});
