/** The incidents context's message table (R-NTF-2, R-NTF-1): the notices it sends, in both languages. */
import type { TNames } from '../../../domain/catalog/catalog-schema.js';

export function incidentNotice(
  kind: string,
  level: number,
  title: TNames,
  summary: TNames,
  guidance: TNames,
): { title: TNames; body: TNames } {
  const change = kind === 'platform_change';
  return {
    title: {
      'zh-CN': `【${level}级${change ? '变更' : '事件'}】${title['zh-CN']}`,
      'en-US': `[Level ${level} ${change ? 'change' : 'incident'}] ${title['en-US']}`,
    },
    body: {
      'zh-CN': `${summary['zh-CN']}\n\n处置建议：${guidance['zh-CN']}`,
      'en-US': `${summary['en-US']}\n\nGuidance: ${guidance['en-US']}`,
    },
  };
}

export function incidentUpdateTitle(title: TNames): TNames {
  return { 'zh-CN': `事件进展：${title['zh-CN']}`, 'en-US': `Update: ${title['en-US']}` };
}
