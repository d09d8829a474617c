/**
 * R-OA-2: the results of a scheduled run, mailed (and put in the message center) in the account's locale: the count
 * by dimension and severity, what is new and what was resolved, and a link to the run in the console; the texts are
 * the context's message table (domain/messages.ts). Pure.
 */
import { ADVISOR_DIMENSIONS, type AdvisorDimension } from '../../../domain/catalog/advisor-schema.js';
import type { Locale, TNames } from '../../../domain/catalog/catalog-schema.js';
import { render, renderIn, type MessageId, type MessageParams } from '../../../domain/messages/message-table.js';
import { totalOf, type RiskSummary } from './finding.js';
import { ADVISOR_MESSAGES, dimensionName } from './messages.js';

type Texts = TNames;

export interface RunNoticeInput {
  readonly runId: string;
  readonly accountName: string;
  readonly summary: RiskSummary;
  readonly opened: number;
  readonly resolved: number;
  /** Dimensions the level does not include (cost for levels below business): shown as such. */
  readonly unavailable: readonly AdvisorDimension[];
  /** The console link, or null without TIERDESK_PUBLIC_URL. */
  readonly link: string | null;
}

export function runNotice(input: RunNoticeInput): { title: Texts; body: Texts } {
  const total = totalOf(input.summary);
  const high = ADVISOR_DIMENSIONS.reduce((n, d) => n + input.summary[d].high, 0);
  const say = <K extends MessageId<typeof ADVISOR_MESSAGES>>(
    id: K,
    locale: Locale,
    params: MessageParams<typeof ADVISOR_MESSAGES, K>,
  ) => renderIn(ADVISOR_MESSAGES, id, locale, params);
  const line = (d: AdvisorDimension, locale: Locale) => {
    const dimension = dimensionName(d, locale);
    if (input.unavailable.includes(d)) return say('run.dimension_unavailable', locale, { dimension });
    return say('run.dimension', locale, { dimension, ...input.summary[d] });
  };
  const body = (locale: Locale) =>
    [
      say('run.intro', locale, { account: input.accountName, total, opened: input.opened, resolved: input.resolved }),
      '',
      ...ADVISOR_DIMENSIONS.map((d) => line(d, locale)),
      ...(input.link ? ['', say('run.details', locale, { link: input.link })] : []),
    ].join('\n');
  return {
    title: render(ADVISOR_MESSAGES, 'run.title', { total, high }),
    body: { 'zh-CN': body('zh-CN'), 'en-US': body('en-US') },
  };
}
