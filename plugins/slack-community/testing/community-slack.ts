import { BOT_USER, startFakeSlack, type FakeSlack, type FakeSlackOptions, type FakeUser } from '../../slack/testing/fake-slack.ts';

/** The community channel: shared through Slack Connect with the customers' workspace. */
export const COMMUNITY = 'C0COMMUNITY';
/** The agents' mirror channel (the Slack plugin's SLACK_CHANNEL_ID), when the agents' plugin runs too. */
export const MIRROR = 'C0MIRROR';
/** Another channel the bot is in: nothing there is a customer's. */
export const OTHER = 'C0OTHER';
/** The customers' workspace (Slack Connect). */
export const GUEST_TEAM = 'T2';

/** A customer of another workspace, in the shared channel. */
export const ADA: FakeUser = { id: 'UADA', name: 'Ada Lovelace', team: GUEST_TEAM, image: 'https://avatars.example.test/ada.png' };
/** A second customer of another workspace. */
export const BOB: FakeUser = { id: 'UBOB', name: 'Bob Guest', team: GUEST_TEAM };
/** A person of the app's own workspace who is not in userMap (a customer unless `slackConnectOnly`). */
export const HOMER: FakeUser = { id: 'UHOMER', name: 'Homer Colleague' };
/** The agent (in userMap; Chatwoot agent 2, Ann Agent). */
export const ANN: FakeUser = { id: 'UANN', name: 'Ann Agent', email: 'ann@example.test' };
/** Another app's bot user in the channel. */
export const ROBOT: FakeUser = { id: 'UROBOT', name: 'Robot', is_bot: true };

/**
 * A fake Slack with a Slack Connect community channel (the bot, Ann, Ada and Bob of another
 * workspace, Homer of the home one), the agents' mirror channel and another channel.
 *
 * @example
 * const slack = await startCommunitySlack();
 * slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'Hello?' });
 */
export function startCommunitySlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return startFakeSlack({
    channels: [
      { id: COMMUNITY, name: 'acme-support', members: [BOT_USER, ANN.id, ADA.id, BOB.id, HOMER.id, ROBOT.id], shared: true },
      { id: MIRROR, name: 'chatwoot', members: [BOT_USER, ANN.id] },
      { id: OTHER, name: 'random', members: [BOT_USER, ADA.id] },
    ],
    users: [ADA, BOB, HOMER, ANN, ROBOT],
    ...options,
  });
}
