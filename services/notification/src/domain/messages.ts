/** A message ready to be stored in a mailbox. */
export interface ComposedMessage {
  kind: 'welcome';
  /** What the message is about; with `kind` it identifies the message (never sent twice). */
  reference: string;
  subject: string;
  body: string;
}

/** The first message every new user gets. */
export function welcomeMessage(user: { userId: string; name: string }): ComposedMessage {
  return {
    kind: 'welcome',
    reference: user.userId,
    subject: 'Welcome to Bazaar',
    body: `Hello ${user.name}, your Bazaar account is ready. Browse the catalogue and place your first order whenever you like.`,
  };
}
