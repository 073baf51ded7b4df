import { createEnvelope } from '@bazaar/messaging';
import type { RunningService } from '@bazaar/service-host';
import { eventually } from './eventually.js';

export interface PublishedByService {
  type: string;
  subject?: string;
  data: Record<string, unknown>;
}

/**
 * Drives a running service through its transport as its peers would, and reads what it answered: send an
 * event or command (a new message each time, even when it repeats one), wait until a consumer group of the
 * service has handled it (its effect committed with the inbox row), and read the events it published, from
 * its outbox, by subject.
 */
export function eventDriver(running: RunningService, defaults: { source: string; group: string }) {
  const db = running.context.db;
  const transport = running.messaging?.transport;
  if (!db || !transport)
    throw new Error(`${running.name}: start it with a transport to drive it with events`);

  async function send(topic: string, type: string, data: Record<string, unknown>, subject?: string) {
    const envelope = createEnvelope({ type, source: defaults.source, data, ...(subject ? { subject } : {}) });
    await transport!.publish([{ topic, envelope }]);
    return envelope.id;
  }

  const handled = (messageId: string, group = defaults.group) =>
    eventually(async () => {
      const rows = await db`SELECT 1 FROM inbox WHERE consumer = ${group} AND message_id = ${messageId}`;
      return rows.length > 0 ? true : undefined;
    }, `${group} handled message ${messageId}`);

  return {
    send,
    handled,
    /** Sends and waits until handled. */
    async sendAndWait(topic: string, type: string, data: Record<string, unknown>, subject?: string) {
      return handled(await send(topic, type, data, subject));
    },
    async published(subject: string): Promise<PublishedByService[]> {
      const rows = await db<{ envelope: PublishedByService }[]>`
        SELECT envelope FROM outbox WHERE envelope->>'subject' = ${subject} ORDER BY id`;
      return rows.map(({ envelope }) => envelope);
    },
  };
}
