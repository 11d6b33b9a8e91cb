import { describe, expect, it } from 'vitest';
import { createAjv } from './ajv.js';
import { CIVIC_FORMATS, isChineseIdCard, isUnifiedSocialCreditCode } from './formats.js';

describe('cn-id-card (GB 11643)', () => {
  it.each(['11010519491231002X', '11010519491231002x', '440524198001010013', '110101200002290018'])(
    'accepts %s',
    (id) => expect(isChineseIdCard(id)).toBe(true),
  );

  it.each([
    ['a wrong check digit', '110105194912310021'],
    ['a wrong check digit (X expected)', '110105194912310020'],
    ['29 February of a common year', '110101200102290015'],
    ['month 13', '110101200013010018'],
    ['day 0', '110101200001000015'],
    ['a birth year before 1900', '11010118991231001X'],
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['the old 15-digit number', '110105491231002'],
    ['a letter inside', '1101051949123100AX'],
    ['a region code starting with 0', '010105194912310026'],
  ])('refuses %s', (_what, id) => expect(isChineseIdCard(id)).toBe(false));
});

describe('cn-uscc (GB 32100)', () => {
  it.each(['91350100M000100Y43', '91110000600037341L', '91440300708461136T'])('accepts %s', (code) =>
    expect(isUnifiedSocialCreditCode(code)).toBe(true),
  );

  it.each([
    ['a wrong check character', '91350100M000100Y44'],
    ['a letter where the check is a digit', '91350100M000100Y4A'],
    ['the letter I, which the code never uses', '91350100M000100YI3'],
    ['lower case', '91350100m000100y43'],
    ['letters in the region code', '91A50100M000100Y43'],
    ['17 characters', '91350100M000100Y4'],
  ])('refuses %s', (_what, code) => expect(isUnifiedSocialCreditCode(code)).toBe(false));
});

describe('phones and email', () => {
  it.each(['13800000000', '19912345678'])('cn-mobile accepts %s', (v) =>
    expect(CIVIC_FORMATS['cn-mobile'](v)).toBe(true),
  );
  it.each(['12800000000', '1380000000', '138000000000', '+8613800000000', '138 0000 0000'])(
    'cn-mobile refuses %s',
    (v) => expect(CIVIC_FORMATS['cn-mobile'](v)).toBe(false),
  );
  it.each(['010-12345678', '0571-87654321', '057187654321', '0571-8765432-123', '400-123-4567'])(
    'cn-landline accepts %s',
    (v) => expect(CIVIC_FORMATS['cn-landline'](v)).toBe(true),
  );
  it.each(['13800000000', '87654321', '0571-0765432', '0571-876543210', 'tel:010-12345678'])(
    'cn-landline refuses %s',
    (v) => expect(CIVIC_FORMATS['cn-landline'](v)).toBe(false),
  );
  it.each(['zhang.san@example.com', 'a+b@sub.example.cn'])('email accepts %s', (v) =>
    expect(CIVIC_FORMATS.email(v)).toBe(true),
  );
  it.each(['zhang', 'a@b', '@example.com', 'a b@example.com', `${'a'.repeat(250)}@example.com`])(
    'email refuses %s',
    (v) => expect(CIVIC_FORMATS.email(v)).toBe(false),
  );
});

describe('the shared ajv', () => {
  it('checks the formats in a form schema, so the server refuses a wrong check digit', () => {
    const validate = createAjv().compile({
      type: 'object',
      properties: {
        id: { type: 'string', format: 'cn-id-card' },
        code: { type: 'string', format: 'cn-uscc' },
        mobile: { type: 'string', format: 'cn-mobile' },
        tel: { type: 'string', format: 'cn-landline' },
      },
    });
    expect(
      validate({ id: '11010519491231002X', code: '91350100M000100Y43', mobile: '13800000000', tel: '010-12345678' }),
    ).toBe(true);
    expect(validate({ id: '110105194912310021', code: '91350100M000100Y44', mobile: '1380000000', tel: '12345' })).toBe(
      false,
    );
    expect(validate.errors?.map((e) => [e.instancePath, e.params.format])).toEqual([
      ['/id', 'cn-id-card'],
      ['/code', 'cn-uscc'],
      ['/mobile', 'cn-mobile'],
      ['/tel', 'cn-landline'],
    ]);
  });

  it('knows the 2019 keyword dependentRequired that conditional fields use', () => {
    const validate = createAjv().compile({ type: 'object', dependentRequired: { isGroup: ['headcount'] } });
    expect(validate({ isGroup: true })).toBe(false);
    expect(validate({ isGroup: true, headcount: 5 })).toBe(true);
  });
});
