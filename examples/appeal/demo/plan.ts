/** What happens to each appeal of the demo month, drawn from a seeded generator so every run plans the same month. */
export interface Step {
  /** Days after the appeal arrived. */
  after: number;
  kind: 'complete' | 'extend';
  changes: Record<string, unknown>;
  /** Read the form first (the dispatcher confirms what the 派单目录 proposed). */
  read?: boolean;
}

export interface CasePlan {
  day: number;
  tenant: string;
  channel: 'web' | 'mini-program' | 'enterprise-qr' | 'window' | 'phone';
  data: Record<string, unknown>;
  steps: Step[];
}

// The report: 10,140 of 11,771 visits at the city (≈86 %), 1,631 at the townships.
const TENANTS: Array<[string, number]> = [
  ['city', 86],
  ['town-a', 5],
  ['town-a-east', 2],
  ['street-b', 4],
  ['park', 3],
];
const CHANNELS: Array<[CasePlan['channel'], number]> = [
  ['window', 46],
  ['mini-program', 24],
  ['phone', 14],
  ['web', 10],
  ['enterprise-qr', 6],
];
const CATEGORIES: Array<[string, number, string]> = [
  ['劳动纠纷', 18, '工地拖欠工资两个月，多次讨要无果'],
  ['物业纠纷', 15, '小区电梯长期故障，物业推诿不修'],
  ['消费纠纷', 9, '预付卡商家关门，余额无法退还'],
  ['婚姻家庭', 8, '离婚后子女抚养费长期未支付'],
  ['法律援助', 8, '工伤赔偿纠纷，申请法律援助'],
  ['环境污染', 7, '附近工厂夜间噪声扰民'],
  ['土地纠纷', 6, '宅基地边界与邻居发生争议'],
  ['社会救助', 6, '家庭突遭变故，申请临时救助'],
  ['医疗纠纷', 5, '手术后出现并发症，对医院处理不满'],
  ['治安问题', 5, '邻里矛盾升级，存在冲突隐患'],
  ['涉诉纠纷', 4, '借款纠纷已起诉，咨询执行进度'],
  ['信访事项', 4, '对拆迁补偿标准有异议'],
  ['法律监督', 1, '对民事判决执行情况申请监督'],
  ['其他', 4, '反映道路照明设施损坏'],
];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
];

export function plan(appeals: number, days: number, seed: number): CasePlan[] {
  const random = mulberry32(seed);
  const pick = <T>(items: Array<[T, number, ...unknown[]]>): [T, number, ...unknown[]] => {
    const total = items.reduce((s, i) => s + i[1], 0);
    let r = random() * total;
    for (const item of items) if ((r -= item[1]) < 0) return item;
    return items[items.length - 1]!;
  };
  const chance = (p: number) => random() < p;
  const out: CasePlan[] = [];
  // Fewer appeals at weekends: weight 1 on weekdays, 0.4 on Saturday and Sunday (day 0 is a Monday-ish start).
  const weights = Array.from({ length: days }, (_, d) => (d % 7 >= 5 ? 0.4 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  for (let d = 0; d < days; d++) {
    const count = Math.round((appeals * weights[d]!) / totalWeight);
    for (let i = 0; i < count; i++) out.push(one(d));
  }
  return out;

  function one(day: number): CasePlan {
    const tenant = pick(TENANTS)[0];
    let channel = pick(CHANNELS)[0];
    if (tenant === 'park') channel = chance(0.8) ? 'enterprise-qr' : 'mini-program';
    else if (channel === 'enterprise-qr' && tenant !== 'city') channel = 'window';
    const [category, , description] = pick(CATEGORIES) as [string, number, string];
    const name = SURNAMES[Math.floor(random() * SURNAMES.length)]! + GIVEN[Math.floor(random() * GIVEN.length)]!;
    const phone = `1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    const group = category === '劳动纠纷' && chance(0.08);
    const data: Record<string, unknown> = {
      applicantName: name,
      phone,
      category,
      description,
      peopleCount: group ? 10 + Math.floor(random() * 30) : 1 + (chance(0.2) ? Math.floor(random() * 4) : 0),
      riskLevel: chance(0.03) ? '红色' : chance(0.15) ? '中' : '低',
    };
    const steps: Step[] = [];
    let t = 0;
    const at = (after: number, changes: Record<string, unknown>, read = false) =>
      steps.push({ after, kind: 'complete', changes, ...(read ? { read } : {}) });

    const city = (from: number) => {
      t = from;
      at(t, {});
      const consult = ['法律援助', '涉诉纠纷', '其他', '社会救助'].includes(category) ? 0.55 : 0.25;
      if (chance(consult)) return at(t, { acceptance: '当场答复', answer: '已当场答复政策依据和办理渠道' });
      if (chance(0.06))
        return at(t, {
          acceptance: '不予受理',
          rejectReason: category === '涉诉纠纷' ? '属诉讼、仲裁、复议等法定途径' : '重复诉求且无新情况',
        });
      at(t, { acceptance: '转办', peopleCount: data.peopleCount, riskLevel: data.riskLevel });
      at(t, {}, true);
      if (chance(0.08)) {
        t += 1;
        at(t, { handleResult: '退单', refusalReason: chance(0.5) ? '属地不符' : '职能交叉' });
        at(
          t,
          {
            department: 'dept-zz',
            departmentName: '综治中心综合组',
            timeLimit: '5 workDay',
            dispatchNote: '经研判由综合组牵头办理',
          },
          true,
        );
      }
      if (chance(0.06)) steps.push({ after: t + 2, kind: 'extend', changes: {} });
      const overdue = chance(0.05);
      t += overdue ? 9 + Math.floor(random() * 3) : 1 + Math.floor(random() * 4);
      at(t, { handleResult: '办结', answer: '已联系诉求人并现场处理，问题已解决' });
      if (chance(0.06)) {
        at(t + 1, { reviewResult: '退回', reviewComment: '答复未说明具体整改时限' });
        t += 2;
        at(t, { handleResult: '办结', answer: '已补充整改时限并书面答复诉求人' });
      }
      at(t, { reviewResult: '通过' });
      t += 1;
      const r = random();
      if (r < 0.09) {
        at(t, { satisfaction: '不满意', remark: '问题未彻底解决' });
        const stubborn = chance(0.12);
        // Reworked at most twice: a third 不满意 goes to the supervisor (督办).
        for (let round = 0; round < (stubborn ? 2 : 1); round++) {
          t += 2;
          at(t, { handleResult: '办结', answer: '已重新办理并回复' });
          at(t, { reviewResult: '通过' });
          t += 1;
          at(
            t,
            stubborn
              ? { satisfaction: '不满意', remark: '仍不满意' }
              : { satisfaction: '满意', remark: '重办后已解决' },
          );
        }
        if (stubborn) at(t + 1, { supervisionNote: '督查组约谈承办部门，限期整改到位' });
      } else at(t, { satisfaction: r < 0.8 ? '满意' : '基本满意', remark: '' });
    };

    if (tenant === 'town-a' || tenant === 'town-a-east') {
      if (channel === 'web' || channel === 'mini-program')
        at(0, { verified: '属实', verifyNote: '网格员已入户核实，情况属实' });
      const mediate = category === '劳动纠纷' && Number(data.peopleCount) < 10 && data.riskLevel !== '红色';
      if (mediate) {
        const ok = chance(0.65);
        at(3 + Math.floor(random() * 8), {
          mediationResult: ok ? '调解成功' : '调解未成功',
          mediationNote: ok ? '双方达成调解协议，分期支付' : '企业拒绝调解',
        });
        if (!ok) city(steps[steps.length - 1]!.after + 1);
      } else city(0);
    } else if (tenant === 'park' && channel === 'enterprise-qr') {
      if (chance(0.7)) {
        at(1, { parkResult: '已办结', answer: '分中心已协调企业解决' });
        at(2, { satisfaction: '满意', remark: '' });
      } else {
        at(1, { parkResult: '转市级' });
        city(2);
      }
    } else city(0);
    return { day, tenant, channel, data, steps };
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
