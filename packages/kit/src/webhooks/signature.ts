import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook request (lower case, as Node's `IncomingMessage.headers` has them). */
export const WEBHOOK_HEADERS = {
  /** The delivery's stable id: the same on every attempt and replay of one change, so receivers deduplicate by it. */
  id: 'gridhub-webhook-id',
  /** The event kind (`TREE_HAZARD_CHANGED`). */
  event: 'gridhub-webhook-event',
  /** Unix seconds of this attempt; part of what is signed. */
  timestamp: 'gridhub-webhook-timestamp',
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with the subscriber's secret>`. */
  signature: 'gridhub-webhook-signature',
} as const;

/** The signature header's value for one attempt. */
export const signWebhook = (secret: string, timestamp: number, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export interface VerifyWebhookOptions {
  /** Oldest accepted timestamp, in seconds before now (default 300): a captured request cannot be replayed later. */
  toleranceSeconds?: number;
  now?: () => number;
}

/**
 * What a receiver runs on each request (Node receivers can import it; the README shows the same in a few lines):
 * true when the signature is the HMAC of `<timestamp>.<raw body>` with the shared secret and the timestamp is recent.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  options: VerifyWebhookOptions = {},
): boolean {
  const timestamp = Number(headers[WEBHOOK_HEADERS.timestamp]);
  const given = headers[WEBHOOK_HEADERS.signature];
  if (!Number.isInteger(timestamp) || typeof given !== 'string') return false;
  const now = Math.floor((options.now?.() ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
