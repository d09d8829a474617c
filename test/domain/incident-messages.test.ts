/** The incidents message table (R-NTF-2): an incident's or change's notice and its updates in every locale. */
import { describe, expect, it } from 'vitest';
import {
  INCIDENT_MESSAGES,
  incidentNotice,
  incidentUpdateTitle,
} from '../../src/contexts/incidents/domain/messages.js';
import { checkMessageTable } from './message-table-checks.js';

const title = { 'zh-CN': '华北-北京四 网络抖动', 'en-US': 'Network jitter in CN North-Beijing4' };

checkMessageTable('incidents', INCIDENT_MESSAGES, {
  'incident.title': [
    { level: 1, title },
    { 'zh-CN': '【1级事件】华北-北京四 网络抖动', 'en-US': '[Level 1 incident] Network jitter in CN North-Beijing4' },
  ],
  'platform_change.title': [
    { level: 3, title },
    { 'zh-CN': '【3级变更】华北-北京四 网络抖动', 'en-US': '[Level 3 change] Network jitter in CN North-Beijing4' },
  ],
  'incident.body': [
    {
      summary: { 'zh-CN': '部分实例丢包', 'en-US': 'Some instances drop packets' },
      guidance: { 'zh-CN': '请重试', 'en-US': 'Retry' },
    },
    { 'zh-CN': '部分实例丢包\n\n处置建议：请重试', 'en-US': 'Some instances drop packets\n\nGuidance: Retry' },
  ],
  'incident.update.title': [
    { title },
    { 'zh-CN': '事件进展：华北-北京四 网络抖动', 'en-US': 'Update: Network jitter in CN North-Beijing4' },
  ],
});

describe('incident notices', () => {
  it('R-NTF-2 an incident and a platform change are titled by kind and level; staff words are kept as written', () => {
    const summary = { 'zh-CN': '摘要', 'en-US': 'Summary {x}' };
    const guidance = { 'zh-CN': '建议', 'en-US': 'Advice' };
    expect(incidentNotice('industry_incident', 2, title, summary, guidance).title['zh-CN']).toBe(
      '【2级事件】华北-北京四 网络抖动',
    );
    expect(incidentNotice('platform_change', 2, title, summary, guidance)).toEqual({
      title: {
        'zh-CN': '【2级变更】华北-北京四 网络抖动',
        'en-US': '[Level 2 change] Network jitter in CN North-Beijing4',
      },
      body: { 'zh-CN': '摘要\n\n处置建议：建议', 'en-US': 'Summary {x}\n\nGuidance: Advice' },
    });
    expect(incidentUpdateTitle(title)['en-US']).toBe('Update: Network jitter in CN North-Beijing4');
  });
});
