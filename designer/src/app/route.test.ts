import { describe, expect, it } from 'vitest';
import { caseSearchHash, incidentsHash, routeOf } from './route.js';

describe('the hash routes of the public pages', () => {
  it('reads the intake form of a tenant, with the enterprise of a QR code', () => {
    expect(routeOf('#/intake/town-a?enterprise=e-1')).toEqual({ page: 'intake', tenant: 'town-a', enterprise: 'e-1' });
    expect(routeOf('#/intake/%E5%B8%82')).toEqual({ page: 'intake', tenant: '市', enterprise: null });
  });

  it('reads the follow page with its tracking number; anything else is the app', () => {
    expect(routeOf('#/track?no=SQ-1')).toEqual({ page: 'track', no: 'SQ-1' });
    expect(routeOf('#/track')).toEqual({ page: 'track', no: '' });
    expect(routeOf('')).toEqual({ page: 'app' });
    expect(routeOf('#/intake/a/b')).toEqual({ page: 'app' });
  });

  it('reads a case file inside the app', () => {
    expect(routeOf('#/cases/i-42')).toEqual({ page: 'case', id: 'i-42' });
    expect(routeOf('#/cases/i-42/x')).toEqual({ page: 'app' });
  });

  it("reads the case search a dashboard figure links to, with its filters and the unit's name", () => {
    const hash = caseSearchHash(
      { tenant: 'town-a', status: 'active', category: '劳动纠纷', channel: '' },
      'A镇综治中心',
    );
    expect(routeOf(hash)).toEqual({
      page: 'caseSearch',
      filters: { tenant: 'town-a', status: 'active', category: '劳动纠纷' },
      unitName: 'A镇综治中心',
    });
    expect(routeOf('#/cases?status=completed&evil=1')).toEqual({
      page: 'caseSearch',
      filters: { status: 'completed' },
    });
  });

  it("reads 流程监控's links: a step's cases of a process, and its incidents, named by step and process", () => {
    const cases = caseSearchHash(
      { process: 'city-appeal', waitingAt: 'Task_Handle', light: 'red' },
      undefined,
      '部门签收办理',
      '市级诉求闭环',
    );
    expect(routeOf(cases)).toEqual({
      page: 'caseSearch',
      filters: { process: 'city-appeal', waitingAt: 'Task_Handle', light: 'red' },
      stepName: '部门签收办理',
      processName: '市级诉求闭环',
    });
    expect(
      routeOf(incidentsHash({ process: 'amount-routing', elementId: 'Gateway_Amount' }, '金额判断', '金额分流')),
    ).toEqual({
      page: 'incidents',
      filter: { process: 'amount-routing', elementId: 'Gateway_Amount' },
      stepName: '金额判断',
      processName: '金额分流',
    });
  });
});
