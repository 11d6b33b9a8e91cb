import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../model/index.js';
import { validateFormData } from './validate.js';

/** A JSON Schema `if/then` (a `then` property written in place reads to the linter like a thenable). */
const ifThen = (condition: object, then: object) => ({ if: condition, then });

const form: FormDefinition = {
  id: 'mediation',
  schema: {
    type: 'object',
    required: ['name', 'phone', 'agree'],
    properties: {
      name: { type: 'string', title: '申请人姓名', minLength: 2, maxLength: 20 },
      phone: { type: 'string', title: '联系电话', pattern: '^1[3-9]\\d{9}$', errorMessage: '请填写11位手机号码' },
      idNumber: { type: 'string', title: '身份证号码', format: 'cn-id-card' },
      code: { type: 'string', title: '统一社会信用代码', format: 'cn-uscc' },
      amount: { type: 'number', title: '涉及金额', minimum: 0, multipleOf: 0.01 },
      isGroup: { type: 'boolean', title: '是否群体性' },
      agree: { type: 'boolean', title: '本人承诺所填内容真实', const: true },
      address: {
        type: 'object',
        title: '地址',
        properties: { street: { type: 'string', title: '街道门牌', maxLength: 5 } },
      },
      parties: {
        type: 'array',
        title: '当事人',
        minItems: 1,
        items: {
          type: 'object',
          required: ['partyName'],
          properties: {
            partyName: { type: 'string', title: '姓名' },
            partyId: { type: 'string', title: '身份证号', format: 'cn-id-card' },
          },
        },
      },
    },
    allOf: [
      ifThen(
        { properties: { isGroup: { const: true } }, required: ['isGroup'] },
        { properties: { headcount: { type: 'integer', title: '涉及人数', minimum: 2 } }, required: ['headcount'] },
      ),
    ],
  },
};

const messages = (data: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  Object.fromEntries(validateFormData(form, data, locale).map((p) => [p.path, p.message]));
const valid = { name: '张三', phone: '13800000000', agree: true, parties: [{ partyName: '李四' }] };

describe('form messages in plain language', () => {
  it('accepts valid data', () => expect(validateFormData(form, valid)).toEqual([]));

  it("names each field by its label, in Chinese, with the form's own message for the phone", () => {
    expect(
      messages({
        name: '张',
        phone: '12345',
        agree: false,
        idNumber: '110105194912310021',
        code: '91350100M000100Y44',
        amount: 1.234,
        parties: [],
      }),
    ).toEqual({
      '/name': '申请人姓名至少填写2个字',
      '/phone': '请填写11位手机号码',
      '/agree': '请勾选“本人承诺所填内容真实”',
      '/idNumber': '身份证号码不是有效的18位身份证号码，请核对出生日期和最后一位校验码',
      '/code': '统一社会信用代码不是有效的统一社会信用代码，请核对18位代码和最后一位校验码',
      '/amount': '涉及金额最多保留2位小数',
      '/parties': '当事人至少填写1项',
    });
  });

  it('says which entry of a repeatable list and which field inside a section', () => {
    expect(
      messages({ ...valid, address: { street: '人民路一百号' }, parties: [{ partyName: '李四' }, { partyId: '123' }] }),
    ).toEqual({
      '/address/street': '街道门牌最多填写5个字',
      '/parties/1/partyName': '请填写当事人第2项的姓名',
      '/parties/1/partyId': '当事人第2项的身份证号不是有效的18位身份证号码，请核对出生日期和最后一位校验码',
    });
  });

  it('enforces a conditional requirement and names the conditional field', () => {
    expect(messages({ ...valid, isGroup: true })).toEqual({ '/headcount': '请填写涉及人数' });
    expect(messages({ ...valid, isGroup: true, headcount: 1 })).toEqual({ '/headcount': '涉及人数不能小于2' });
    expect(messages({ ...valid, isGroup: false })).toEqual({});
  });

  it('speaks English too, with a generic message where the form wrote its own in Chinese', () => {
    expect(messages({ name: '张', phone: '12345', parties: [{}] }, 'en')).toEqual({
      '/name': '申请人姓名 needs at least 2 characters',
      '/phone': '联系电话 is not in the expected form; please check it',
      '/agree': 'Please tick "本人承诺所填内容真实"',
      '/parties/0/partyName': 'Please fill in 姓名 of 当事人 #1',
    });
  });

  it('never shows a regular expression, a schema path or a field key', () => {
    const all = validateFormData(form, {
      name: 1,
      phone: 'x',
      agree: 'yes',
      idNumber: 'x',
      amount: 'x',
      isGroup: true,
      parties: [{ partyId: 'x' }],
    })
      .map((p) => p.message)
      .join('\n');
    expect(all).not.toMatch(/\^|\\d|#\/|properties|partyId|idNumber|headcount|应当|must/);
  });
});
