/**
 * The incidents context's message table (R-NTF-2, R-NTF-1): the notice of an incident or platform change and of its
 * updates, in every locale. The incident's own title, summary and guidance are staff's words per locale (parameters
 * with a text per locale).
 */
import type { TNames } from '../../../domain/catalog/catalog-schema.js';
import { messageTable, render } from '../../../domain/messages/message-table.js';

export const INCIDENT_MESSAGES = messageTable({
  'incident.title': { 'zh-CN': '【{level}级事件】{title}', 'en-US': '[Level {level} incident] {title}' },
  'platform_change.title': { 'zh-CN': '【{level}级变更】{title}', 'en-US': '[Level {level} change] {title}' },
  'incident.body': { 'zh-CN': '{summary}\n\n处置建议：{guidance}', 'en-US': '{summary}\n\nGuidance: {guidance}' },
  'incident.update.title': { 'zh-CN': '事件进展：{title}', 'en-US': 'Update: {title}' },
});

export function incidentNotice(
  kind: string,
  level: number,
  title: TNames,
  summary: TNames,
  guidance: TNames,
): { title: TNames; body: TNames } {
  const titleId = kind === 'platform_change' ? 'platform_change.title' : 'incident.title';
  return {
    title: render(INCIDENT_MESSAGES, titleId, { level, title }),
    body: render(INCIDENT_MESSAGES, 'incident.body', { summary, guidance }),
  };
}

export function incidentUpdateTitle(title: TNames): TNames {
  return render(INCIDENT_MESSAGES, 'incident.update.title', { title });
}
